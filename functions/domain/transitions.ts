import { DomainError } from './errors.js';
import type { ProposalStatus } from './proposal.js';

/**
 * The lifecycle of one proposal revision (docs/domain.md "Statuses"). Every status change in the
 * system goes through `assertTransition`, so an impossible move is refused before any write.
 */
const ALLOWED: Record<ProposalStatus, readonly ProposalStatus[]> = {
  SUBMITTED: ['POLICY_CHECK', 'WITHDRAWN', 'FAILED'],
  POLICY_CHECK: ['RETURNED', 'AWAITING_APPROVAL', 'WITHDRAWN', 'FAILED'],
  AWAITING_APPROVAL: ['APPROVED', 'REJECTED', 'RETURNED', 'WITHDRAWN', 'FAILED'],
  APPROVED: ['BUDGET_ASSIGNED', 'WAITLISTED', 'FAILED'],
  WAITLISTED: ['BUDGET_ASSIGNED', 'WITHDRAWN'],
  RETURNED: ['SUBMITTED', 'WITHDRAWN'],
  FAILED: ['SUBMITTED'],
  REJECTED: [],
  BUDGET_ASSIGNED: [],
  WITHDRAWN: [],
};

export const canTransition = (from: ProposalStatus, to: ProposalStatus): boolean =>
  ALLOWED[from].includes(to);

export function assertTransition(from: ProposalStatus, to: ProposalStatus): void {
  if (!canTransition(from, to)) {
    throw new DomainError('INVALID_TRANSITION', `Status tidak dapat berubah dari ${from} ke ${to}`, 409);
  }
}

/** Statuses in which a proposal still counts against its district's plans for the year. */
export const LIVE_STATUSES: readonly ProposalStatus[] = [
  'SUBMITTED',
  'POLICY_CHECK',
  'AWAITING_APPROVAL',
  'APPROVED',
  'BUDGET_ASSIGNED',
  'WAITLISTED',
];
