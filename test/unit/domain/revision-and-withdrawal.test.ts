import { describe, expect, it } from 'vitest';
import type { Caller } from '../../../functions/domain/caller.js';
import { DomainError } from '../../../functions/domain/errors.js';
import { newProposal } from '../../../functions/domain/new-proposal.js';
import {
  PROPOSAL_STATUSES,
  type Proposal,
  type ProposalInput,
  proposalInputSchema,
} from '../../../functions/domain/proposal.js';
import { revisedProposal } from '../../../functions/domain/revision.js';
import {
  assertCanWithdraw,
  assertWithdrawable,
  withdrawInputSchema,
} from '../../../functions/domain/withdrawal.js';

const operator: Caller = { id: 's1', email: 'op@makassar.local', role: 'submitter', districtCode: '73.71' };

const input = (overrides: Partial<ProposalInput> = {}): ProposalInput =>
  proposalInputSchema.parse({
    fiscalYear: 2016,
    districtCode: '73.71',
    title: 'Pengolahan nikel rakyat',
    programKind: 'WIRAUSAHA_BARU',
    commodity: 'nikel',
    targets: { newEntrepreneurs: 10, jobsCreated: 30, ikmUnits: 5 },
    funding: [
      { source: 'APBN', amount: 100000000 },
      { source: 'APBD_KABUPATEN_KOTA', amount: 20000000 },
    ],
    ...overrides,
  });

/** Revision 1, returned by an approver after a warning-only policy check. */
const returned = (): Proposal => ({
  ...newProposal(input(), operator, '01ARZ3NDEKTSV4RRFFQ69G5FAV', '2016-02-01T01:00:00.000Z'),
  status: 'RETURNED',
  version: 5,
  policyCheck: { ruleSetVersion: 1, outcome: 'WARN', findings: [] },
  approvals: [
    { stage: 'KABID_IKM', decision: 'RETURN', by: 'kabid@x', at: '2016-02-02T00:00:00.000Z', note: 'x' },
  ],
});

const errorOf = (fn: () => unknown): DomainError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
};

describe('a revision', () => {
  it('given a RETURNED proposal and a new body, when revised, then the next revision starts afresh', () => {
    const body = input({ commodity: 'kerajinan kulit', title: 'Kerajinan kulit Makassar' });
    const next = revisedProposal(returned(), body, operator, '2016-02-03T00:00:00.000Z');
    expect(next).toMatchObject({
      id: '01ARZ3NDEKTSV4RRFFQ69G5FAV',
      revision: 2,
      status: 'SUBMITTED',
      commodity: 'kerajinan kulit',
      title: 'Kerajinan kulit Makassar',
      totalAmount: 120000000,
      policyCheck: null,
      approvals: [],
      allocations: [],
      createdAt: '2016-02-01T01:00:00.000Z',
      updatedAt: '2016-02-03T00:00:00.000Z',
      submittedBy: 'op@makassar.local',
      version: 5,
    });
  });

  it('given new funding, when revised, then the total follows the new lines', () => {
    const body = input({ funding: [{ source: 'APBD_PROVINSI', amount: 75000000 }] });
    expect(revisedProposal(returned(), body, operator, '2016-02-03T00:00:00.000Z').totalAmount).toBe(
      75000000,
    );
  });

  it.each(PROPOSAL_STATUSES.filter((s) => s !== 'RETURNED'))(
    'given a proposal that is %s, when revised, then 409 INVALID_TRANSITION',
    (status) => {
      const error = errorOf(() => revisedProposal({ ...returned(), status }, input(), operator, 'now'));
      expect(error.code).toBe('INVALID_TRANSITION');
      expect(error.httpStatus).toBe(409);
      expect(error.message).toContain('Dikembalikan untuk Perbaikan');
    },
  );

  it('given another district or year in the body, when revised, then 400 names both fields', () => {
    const error = errorOf(() =>
      revisedProposal(returned(), input({ districtCode: '73.72', fiscalYear: 2017 }), operator, 'now'),
    );
    expect(error.httpStatus).toBe(400);
    expect(error.details.map((d) => d.path).sort()).toEqual(['districtCode', 'fiscalYear']);
  });
});

describe('a withdrawal', () => {
  it.each([
    'SUBMITTED',
    'POLICY_CHECK',
    'AWAITING_APPROVAL',
    'RETURNED',
    'WAITLISTED',
    'OVERDUE',
    'FAILED',
  ] as const)('given a proposal that is %s, when checked, then it may be withdrawn', (status) => {
    expect(() => assertWithdrawable({ status })).not.toThrow();
  });

  it.each(['APPROVED', 'REJECTED', 'BUDGET_ASSIGNED'] as const)(
    'given a proposal that is %s, when checked, then 409 INVALID_TRANSITION',
    (status) => {
      const error = errorOf(() => assertWithdrawable({ status }));
      expect(error.code).toBe('INVALID_TRANSITION');
      expect(error.httpStatus).toBe(409);
    },
  );

  it('given an already withdrawn proposal, when checked, then 409 says so', () => {
    expect(errorOf(() => assertWithdrawable({ status: 'WITHDRAWN' })).message).toBe(
      'Usulan ini sudah ditarik',
    );
  });

  it('given its own district, another district or a provincial role, when checked, then only its district may', () => {
    expect(() => assertCanWithdraw(operator, { districtCode: '73.71' })).not.toThrow();
    expect(errorOf(() => assertCanWithdraw(operator, { districtCode: '73.72' })).httpStatus).toBe(403);
    const admin: Caller = { id: 'x', email: 'admin@disperin.local', role: 'admin' };
    expect(errorOf(() => assertCanWithdraw(admin, { districtCode: '73.71' })).message).toContain('menarik');
  });

  it('given no note, an empty body or a long note, when parsed, then the note is optional and bounded', () => {
    expect(withdrawInputSchema.parse({})).toEqual({ note: '' });
    expect(withdrawInputSchema.parse({ note: '  Salah kirim  ' })).toEqual({ note: 'Salah kirim' });
    expect(withdrawInputSchema.safeParse({ note: 'x'.repeat(2001) }).success).toBe(false);
    expect(withdrawInputSchema.safeParse({ reason: 'x' }).success).toBe(false);
  });
});
