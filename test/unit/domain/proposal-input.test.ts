import { describe, expect, it } from 'vitest';
import { newActionId, newProposalId } from '../../../functions/adapters/ids.js';
import { assertCanRead, assertCanSubmit } from '../../../functions/domain/access.js';
import { type ApprovalAction, actionState } from '../../../functions/domain/approval-action.js';
import { newProposal } from '../../../functions/domain/new-proposal.js';
import { proposalInputSchema } from '../../../functions/domain/proposal.js';

const body = {
  fiscalYear: 2016,
  districtCode: '73.71',
  title: 'Penumbuhan wirausaha baru pengolahan kakao',
  programKind: 'WIRAUSAHA_BARU',
  commodity: ' Kakao ',
  targets: { newEntrepreneurs: 40, jobsCreated: 120, ikmUnits: 20 },
  funding: [
    { source: 'APBN', amount: 500000000 },
    { source: 'APBD_KABUPATEN_KOTA', amount: 100000000 },
  ],
};

describe('The proposal body', () => {
  it('accepts the documented example body (docs/api.md) and normalises the commodity', () => {
    const parsed = proposalInputSchema.parse(body);
    expect(parsed.commodity).toBe('kakao');
    expect(parsed.description).toBe('');
  });

  it('rejects fractional, zero and negative rupiah', () => {
    for (const amount of [1.5, 0, -1]) {
      const r = proposalInputSchema.safeParse({ ...body, funding: [{ source: 'APBN', amount }] });
      expect(r.success, String(amount)).toBe(false);
    }
  });

  it('rejects the same source twice, unknown fields and a BPS code as district', () => {
    expect(
      proposalInputSchema.safeParse({ ...body, funding: [body.funding[0], body.funding[0]] }).success,
    ).toBe(false);
    expect(proposalInputSchema.safeParse({ ...body, extra: 1 }).success).toBe(false);
    expect(proposalInputSchema.safeParse({ ...body, districtCode: '7371' }).success).toBe(false);
  });

  it('speaks Bahasa Indonesia in its messages', () => {
    const r = proposalInputSchema.safeParse({ ...body, fiscalYear: 'dua ribu' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toMatch(/[Dd]iharapkan|tidak valid|harus/);
  });
});

describe('A new proposal', () => {
  it('starts at revision 1, SUBMITTED, with its total derived from the funding lines', () => {
    const p = newProposal(
      proposalInputSchema.parse(body),
      { id: 's1', email: 'op@x.id', role: 'submitter', districtCode: '73.71' },
      'ID',
      '2016-01-05T00:00:00.000Z',
    );
    expect(p).toMatchObject({
      revision: 1,
      status: 'SUBMITTED',
      totalAmount: 600000000,
      submittedBy: 'op@x.id',
      version: 1,
    });
  });
});

describe('Access', () => {
  const submitter = { id: 's', email: '', role: 'submitter' as const, districtCode: '73.71' };
  it('lets a district submit and read only its own proposals', () => {
    expect(() => assertCanSubmit(submitter, '73.71')).not.toThrow();
    expect(() => assertCanSubmit(submitter, '73.72')).toThrow(/73.71/);
    expect(() => assertCanRead(submitter, { districtCode: '73.72' })).toThrow();
  });

  it('lets approvers, admins and auditors read every district but not submit', () => {
    for (const role of ['approver', 'admin', 'auditor'] as const) {
      expect(() => assertCanRead({ id: 'x', email: '', role }, { districtCode: '73.72' })).not.toThrow();
      expect(() => assertCanSubmit({ id: 'x', email: '', role }, '73.72')).toThrow();
    }
  });
});

describe('Ids', () => {
  it('makes proposal ids that sort by time and fit an execution name', () => {
    const a = newProposalId(1_450_000_000_000);
    const b = newProposalId(1_450_000_000_001);
    expect(a).toMatch(/^[0-9A-Z]{26}$/);
    expect(a < b).toBe(true);
    expect(`${a}-r999`.length).toBeLessThanOrEqual(80);
    expect(`${a}-r999-a999`.length).toBeLessThanOrEqual(80);
  });

  it('makes action ids of 256 random bits that never repeat', () => {
    const ids = new Set(Array.from({ length: 1000 }, newActionId));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});

describe('An approval action', () => {
  const action: ApprovalAction = {
    actionId: 'a',
    proposalId: 'p',
    revision: 1,
    stage: 'KABID_IKM',
    attempt: 0,
    approverEmail: 'k@x.id',
    role: 'APPROVER',
    status: 'PENDING',
    createdAt: '2016-01-01T00:00:00.000Z',
    expiresAt: '2016-01-15T00:00:00.000Z',
  };
  it('is open until it expires, and used once decided', () => {
    expect(actionState(action, new Date('2016-01-14T23:59:59Z'))).toBe('OPEN');
    expect(actionState(action, new Date('2016-01-15T00:00:00Z'))).toBe('EXPIRED');
    expect(actionState({ ...action, status: 'DECIDED' }, new Date('2016-01-02T00:00:00Z'))).toBe('USED');
  });
});
