import type { StoredProposal } from '../adapters/dynamodb/proposal-repository.js';
import type { ApprovalPlan } from '../domain/approval-chain.js';

/** What opening a stage of a run writes on the proposal (RequestApproval's guarded write). */
export function stageOpenChanges(plan: ApprovalPlan, attempt: number) {
  return {
    status: 'AWAITING_APPROVAL',
    approvalStage: plan.stage,
    stageRequestedAt: plan.requestedAt,
    stageOverdueAt: plan.overdueAt,
    runAttempt: attempt,
  } satisfies Partial<StoredProposal>;
}

/** Whether this stage of this run was opened on the proposal (see `stageOpenChanges`). */
export function stageOpenedOn(proposal: StoredProposal, attempt: number, plan: ApprovalPlan): boolean {
  return (
    proposal.status === 'AWAITING_APPROVAL' &&
    proposal.approvalStage === plan.stage &&
    proposal.stageRequestedAt === plan.requestedAt &&
    (proposal.runAttempt ?? 0) === attempt
  );
}

/**
 * The proposal as the opening of the stage wrote it, from the proposal it was opened on: what
 * RecordDecision starts from without reading. A guess: if anything else wrote in between (or the
 * opening started from a fresher read), the version differs, the guarded write is refused and the
 * step reads. Only `updatedAt` is not known here, and every write sets its own.
 */
export function openedFrom(before: StoredProposal, plan: ApprovalPlan, attempt: number): StoredProposal {
  return { ...before, ...stageOpenChanges(plan, attempt), version: before.version + 1 };
}
