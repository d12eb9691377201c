import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../functions/domain/errors.js';
import { PROPOSAL_STATUSES } from '../../../functions/domain/proposal.js';
import { assertTransition, canTransition } from '../../../functions/domain/transitions.js';

describe('Proposal status transitions', () => {
  it('follow the happy path SUBMITTED → POLICY_CHECK → AWAITING_APPROVAL → APPROVED → BUDGET_ASSIGNED', () => {
    const path = ['SUBMITTED', 'POLICY_CHECK', 'AWAITING_APPROVAL', 'APPROVED', 'BUDGET_ASSIGNED'] as const;
    for (let i = 1; i < path.length; i++) expect(canTransition(path[i - 1]!, path[i]!)).toBe(true);
  });

  it('never leave a final status', () => {
    for (const final of ['REJECTED', 'BUDGET_ASSIGNED', 'WITHDRAWN'] as const) {
      for (const to of PROPOSAL_STATUSES) expect(canTransition(final, to)).toBe(false);
    }
  });

  it('refuse skipping the approval with a 409 INVALID_TRANSITION', () => {
    expect(() => assertTransition('POLICY_CHECK', 'BUDGET_ASSIGNED')).toThrowError(DomainError);
    try {
      assertTransition('POLICY_CHECK', 'BUDGET_ASSIGNED');
    } catch (e) {
      expect((e as DomainError).code).toBe('INVALID_TRANSITION');
      expect((e as DomainError).httpStatus).toBe(409);
    }
  });

  it('let a WAITLISTED proposal be funded later', () => {
    expect(canTransition('WAITLISTED', 'BUDGET_ASSIGNED')).toBe(true);
  });
});
