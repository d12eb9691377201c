import { DomainError } from './errors.js';
import type { ProposalStatus } from './proposal.js';

/**
 * The lifecycle of one proposal revision (docs/domain.md "Statuses"). Every status change in the
 * system goes through `assertTransition`, so an impossible move is refused before any write.
 */
const ALLOWED: Record<ProposalStatus, readonly ProposalStatus[]> = {
  // The policy check: blocking findings return the proposal at once; otherwise it waits for its
  // first approval stage.
  SUBMITTED: ['POLICY_CHECK', 'RETURNED', 'WITHDRAWN', 'FAILED'],
  POLICY_CHECK: ['RETURNED', 'AWAITING_APPROVAL', 'WITHDRAWN', 'FAILED'],
  // AWAITING_APPROVAL → AWAITING_APPROVAL: the next stage of the chain is requested.
  AWAITING_APPROVAL: [
    'AWAITING_APPROVAL',
    'APPROVED',
    'REJECTED',
    'RETURNED',
    'OVERDUE',
    'WITHDRAWN',
    'FAILED',
  ],
  APPROVED: ['BUDGET_ASSIGNED', 'WAITLISTED', 'FAILED'],
  WAITLISTED: ['BUDGET_ASSIGNED', 'WITHDRAWN'],
  RETURNED: ['SUBMITTED', 'WITHDRAWN'],
  // An admin retry continues where the run stopped: the stage again, or the step that failed.
  OVERDUE: ['AWAITING_APPROVAL', 'WITHDRAWN'],
  FAILED: ['SUBMITTED', 'AWAITING_APPROVAL', 'APPROVED', 'WITHDRAWN'],
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
  'OVERDUE',
];
