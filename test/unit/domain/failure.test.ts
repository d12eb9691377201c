import { describe, expect, it } from 'vitest';
import { toApiProposal } from '../../../functions/api/http/api-proposal.js';
import type { Proposal } from '../../../functions/domain/proposal.js';

const failed: Proposal = {
  id: '01HZZZZZZZZZZZZZZZZZZZZZZZ',
  revision: 1,
  status: 'FAILED',
  fiscalYear: 2016,
  districtCode: '73.71',
  title: 'Penumbuhan wirausaha baru kakao',
  programKind: 'WIRAUSAHA_BARU',
  commodity: 'kakao',
  description: '',
  targets: { newEntrepreneurs: 1, jobsCreated: 1, ikmUnits: 1 },
  funding: [{ source: 'APBN', amount: 500_000_000 }],
  totalAmount: 500_000_000,
  policyCheck: null,
  approvals: [],
  allocations: [],
  submittedBy: 'a@b.c',
  createdAt: '2016-01-01T00:00:00.000Z',
  updatedAt: '2016-01-01T00:00:00.000Z',
  version: 3,
  failure: {
    error: 'Error',
    cause:
      '{"errorType":"Error","errorMessage":"boom","trace":["Error: boom","    at handler (/var/task/index.mjs:12:3)"]}',
  },
};

describe('toApiProposal of a FAILED proposal', () => {
  it('Given a stored failure with a Lambda stack trace When shown through the API Then only a code and an Indonesian sentence appear', () => {
    const shown = toApiProposal(failed);
    expect(shown.failure).toEqual({
      code: 'SYSTEM_ERROR',
      message: expect.stringContaining('kesalahan sistem'),
    });
    const text = JSON.stringify(shown);
    expect(text).not.toContain('trace');
    expect(text).not.toContain('/var/task');
    expect(text).not.toContain('boom');
  });

  it('Given a workflow timeout When shown Then the code is TIMEOUT', () => {
    const shown = toApiProposal({ ...failed, failure: { error: 'States.Timeout', cause: 'x' } });
    expect(shown.failure?.code).toBe('TIMEOUT');
  });
});
