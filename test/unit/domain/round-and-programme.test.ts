import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AllocationLine, summariseAllocations } from '../../../functions/domain/allocation-report.js';
import {
  buildProgramme,
  type ProgrammeInput,
  programmeChanges,
} from '../../../functions/domain/programme.js';
import { FUNDING_SOURCES, PROPOSAL_STATUSES } from '../../../functions/domain/proposal.js';
import {
  type Round,
  reminderDue,
  roundInputSchema,
  submissionRefusal,
} from '../../../functions/domain/round.js';

const round: Round = {
  fiscalYear: 2016,
  state: 'OPEN',
  opensAt: '2016-01-01T00:00:00.000Z',
  closesAt: '2016-02-01T00:00:00.000Z',
  meetingAt: '2016-02-10T01:00:00.000Z',
  reminderDaysBeforeClose: 3,
  version: 1,
};
const at = (iso: string) => new Date(iso);

describe('Given a round open from 1 January to 1 February 2016 (UTC)', () => {
  it('when a district submits inside the window, then nothing refuses it; at opensAt it is in, at closesAt out', () => {
    expect(submissionRefusal(2016, round, at('2016-01-15T00:00:00Z'))).toBeNull();
    expect(submissionRefusal(2016, round, at(round.opensAt))).toBeNull();
    expect(submissionRefusal(2016, round, at(round.closesAt))?.code).toBe('ROUND_CLOSED');
  });

  it('when it submits before the window, then ROUND_NOT_OPEN names the window in WITA', () => {
    const refusal = submissionRefusal(2016, round, at('2015-12-31T23:59:59Z'));
    expect(refusal?.code).toBe('ROUND_NOT_OPEN');
    expect(refusal?.httpStatus).toBe(409);
    expect(refusal?.message).toContain(
      '1 Januari 2016 pukul 08.00 WITA s.d. 1 Februari 2016 pukul 08.00 WITA',
    );
  });

  it('when the round is a draft, closed or final, then it refuses even inside the dates', () => {
    const inside = at('2016-01-15T00:00:00Z');
    expect(submissionRefusal(2016, { ...round, state: 'DRAFT' }, inside)?.code).toBe('ROUND_NOT_OPEN');
    expect(submissionRefusal(2016, { ...round, state: 'CLOSED' }, inside)?.code).toBe('ROUND_CLOSED');
    expect(submissionRefusal(2016, { ...round, state: 'FINAL' }, inside)?.code).toBe('ROUND_CLOSED');
  });

  it('when the year has no round, then ROUND_NOT_OPEN says no call has been made', () => {
    expect(submissionRefusal(2017, null, inside())?.message).toContain(
      'Belum ada putaran perencanaan untuk tahun anggaran 2017',
    );
  });

  it('when the reminder is three days before the close, then it is due from 29 January until the close only', () => {
    expect(reminderDue(round, at('2016-01-28T23:59:59Z'))).toBe(false);
    expect(reminderDue(round, at('2016-01-29T00:00:00Z'))).toBe(true);
    expect(reminderDue(round, at('2016-02-01T00:00:00Z'))).toBe(false);
    expect(reminderDue({ ...round, reminderDaysBeforeClose: 0 }, at('2016-01-31T00:00:00Z'))).toBe(false);
  });

  it('when an admin sends dates out of order, then the schema lists the close and the meeting', () => {
    const parsed = roundInputSchema.safeParse({
      state: 'OPEN',
      opensAt: '2016-02-01T00:00:00Z',
      closesAt: '2016-01-01T00:00:00Z',
      meetingAt: '2015-12-01T00:00:00Z',
      reminderDaysBeforeClose: 0,
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['closesAt', 'meetingAt']);
    expect(roundInputSchema.safeParse({ ...round, state: 'FINAL' }).success).toBe(false);
  });
});

function inside() {
  return at('2016-01-15T00:00:00Z');
}

const districts = new Map([
  ['73.71', 'Kota Makassar'],
  ['73.72', 'Kota Parepare'],
  ['73.73', 'Kota Palopo'],
]);
type P = ProgrammeInput['proposals'][number];
const proposal = (o: Partial<P>): P => ({
  id: 'P1',
  revision: 1,
  version: 3,
  fiscalYear: 2016,
  districtCode: '73.71',
  title: 'Wirausaha baru kakao',
  programKind: 'WIRAUSAHA_BARU',
  commodity: 'kakao olahan',
  status: 'BUDGET_ASSIGNED',
  funding: [
    { source: 'APBN', amount: 300 },
    { source: 'APBD_KABUPATEN_KOTA', amount: 60 },
  ],
  targets: { newEntrepreneurs: 10, jobsCreated: 20, ikmUnits: 5 },
  createdAt: '2016-01-02T00:00:00.000Z',
  ...o,
});
const kiidOf = (c: string) => (c.startsWith('kakao') ? 'kakao' : undefined);

describe('Given the proposals and allocations of 2016', () => {
  const input: ProgrammeInput = {
    fiscalYear: 2016,
    districts,
    kiidOf,
    proposals: [
      proposal({}),
      proposal({
        id: 'P2',
        districtCode: '73.72',
        commodity: 'kopi',
        status: 'REJECTED',
        funding: [{ source: 'APBD_PROVINSI', amount: 90 }],
      }),
      proposal({ id: 'P3', districtCode: '73.73', status: 'WITHDRAWN' }),
    ],
    allocations: [
      {
        districtCode: '73.71',
        proposalId: 'P1',
        programKind: 'WIRAUSAHA_BARU',
        commodity: 'kakao olahan',
        source: 'APBN',
        amount: 300,
      },
      {
        districtCode: '73.71',
        proposalId: 'P1',
        programKind: 'WIRAUSAHA_BARU',
        commodity: 'kakao olahan',
        source: 'APBD_KABUPATEN_KOTA',
        amount: 60,
      },
    ],
  };

  it('when the programme is built, then APBN stands apart, a rejected one asks nothing, a withdrawn one leaves its district silent', () => {
    const p = buildProgramme(input);
    expect(p.districts.map((d) => d.districtCode)).toEqual(['73.71', '73.72']);
    expect(p.silentDistricts).toEqual(['73.73']);
    expect(p.totals).toMatchObject({
      requested: 360,
      allocated: 360,
      bySource: { APBN: 300, APBD_PROVINSI: 0, APBD_KABUPATEN_KOTA: 60 },
      apbn: { requested: 300, allocated: 300 },
      regional: { requested: 60, allocated: 60 },
      targets: { newEntrepreneurs: 10, jobsCreated: 20, ikmUnits: 5 },
      kiid: { proposals: 1, requested: 360, allocated: 360 },
    });
    expect(p.districts[1]?.proposals[0]).toMatchObject({
      status: 'REJECTED',
      statusLabel: 'Ditolak',
      requested: 0,
    });
  });

  it('when any allocations are summed, then the programme allocates exactly what the allocation report totals', () => {
    const lineArb = fc.record({
      districtCode: fc.constantFrom('73.71', '73.72', '73.73'),
      proposalId: fc.constantFrom('P1', 'P2', 'P3', 'P4'),
      programKind: fc.constant('WIRAUSAHA_BARU' as const),
      commodity: fc.constantFrom('kakao', 'kopi'),
      source: fc.constantFrom(...FUNDING_SOURCES),
      amount: fc.integer({ min: 1, max: 5_000_000_000 }),
    });
    fc.assert(
      fc.property(
        fc.array(lineArb, { maxLength: 40 }),
        fc.constantFrom(...PROPOSAL_STATUSES),
        (lines: AllocationLine[], status) => {
          const p = buildProgramme({ ...input, proposals: [proposal({ status })], allocations: lines });
          const report = summariseAllocations(2016, lines, districts);
          expect(p.totals.allocated).toBe(report.total);
          expect(p.totals.apbn.allocated + p.totals.regional.allocated).toBe(report.total);
          expect(p.districts.reduce((s, d) => s + d.allocated, 0)).toBe(report.total);
        },
      ),
    );
  });

  it('when a proposal moves after the snapshot, then the change lists it with its fields as they were and are', () => {
    const snapshot = buildProgramme({
      ...input,
      proposals: [proposal({ status: 'AWAITING_APPROVAL' })],
      allocations: [],
    });
    const now = buildProgramme(input);
    const changes = programmeChanges(snapshot, now);
    expect(changes.map((c) => [c.proposalId, c.change])).toEqual([
      ['P1', 'CHANGED'],
      ['P2', 'ADDED'],
    ]);
    expect(changes[0]?.fields.map((f) => f.field)).toEqual(['status', 'allocated']);
    expect(programmeChanges(now, now)).toEqual([]);
    expect(programmeChanges(now, snapshot).map((c) => c.change)).toEqual(['CHANGED', 'REMOVED']);
  });
});

describe('Given a snapshot read back from the table with its maps in another key order', () => {
  it('when it is compared with the same programme, then nothing differs', () => {
    const now = buildProgramme({
      fiscalYear: 2016,
      districts,
      kiidOf,
      proposals: [proposal({})],
      allocations: [],
    });
    const reordered = JSON.parse(JSON.stringify(now), (_k, v) =>
      v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v,
    );
    expect(programmeChanges(reordered, now)).toEqual([]);
  });
});
