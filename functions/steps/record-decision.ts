import * as z from 'zod/mini';
import * as actionRepository from '../adapters/dynamodb/action-repository.js';
import { chainVersion } from '../adapters/dynamodb/chain-reference.js';
import { ConditionFailedError, type StoredProposal } from '../adapters/dynamodb/proposal-repository.js';
import { countProposal } from '../adapters/observability.js';
import { releaseCommitmentWrites } from '../budget/district-commitment.js';
import { DECISION_LABELS_ID, type DecisionOutput, decisionOutputSchema } from '../domain/approval-action.js';
import { type ApprovalPlan, nextStage, planStage, stageTimers } from '../domain/approval-chain.js';
import type { ApprovalRecord } from '../domain/proposal.js';
import type { Outcome } from '../views/outcome-email.js';
import { commitWithMails } from '../workflow/commit-with-mails.js';
import { outcomeMails } from '../workflow/outcome-mails.js';
import { loadProposal } from './load-proposal.js';
import { carriedProposal, planSchema, type RunRoute, runInput } from './run-state.js';
import { openedFrom } from './stage-opening.js';
import { defineStep } from './step.js';

/**
 * A stage's decision enters the proposal: approve moves it to the chain's next applicable stage
 * (or to budget assignment after the last), reject and return end the run and mail the district.
 * Taking the decision in also clears its "undelivered" mark, in the same transaction.
 */
export const handler = defineStep(
  'RecordDecision',
  z.extend(runInput, {
    run: z.object({ approval: planSchema, proposal: carriedProposal }),
    decision: decisionOutputSchema,
  }),
  async ({ proposalId, revision, attempt, run, decision }): Promise<RunRoute> => {
    const { approval } = run;
    // Usually the proposal is what the stage's opening wrote over the one the step before carried:
    // recorded from that, unread. A guess that turns out stale (its guarded write refused) reads.
    if (run.proposal && run.proposal.revision === revision) {
      const guess = openedFrom(run.proposal, approval, attempt);
      try {
        return await record(guess, { proposalId, revision, attempt, approval, decision });
      } catch (error) {
        if (!(error instanceof ConditionFailedError)) throw error;
      }
    }
    const proposal = await loadProposal(proposalId, revision);
    return record(proposal, { proposalId, revision, attempt, approval, decision });
  },
);

async function record(
  proposal: StoredProposal,
  {
    proposalId,
    revision,
    attempt,
    approval,
    decision,
  }: {
    proposalId: string;
    revision: number;
    attempt: number;
    approval: ApprovalPlan;
    decision: DecisionOutput;
  },
): Promise<RunRoute> {
  const chain = await chainVersion(proposal.fiscalYear, approval.chainVersion);
  const now = new Date();

  // A retry after our own write: answer what was decided then.
  if (
    proposal.approvals.some((a) => a.at === decision.at && a.by === decision.by && a.stage === decision.stage)
  )
    return routeAfter(proposal, decision, chain.version, now);
  if (proposal.status !== 'AWAITING_APPROVAL' || proposal.approvalStage !== decision.stage)
    return { route: 'CLOSED', reason: proposal.status };

  const record: ApprovalRecord = {
    stage: decision.stage,
    decision: decision.decision,
    by: decision.by,
    at: decision.at,
    note: decision.note,
  };
  const approvals = [...proposal.approvals, record];
  const next = decision.decision === 'APPROVE' ? nextStage(chain, proposal, decision.stage) : null;
  const at = now.toISOString();
  const changes: Partial<StoredProposal> = next
    ? {
        approvals,
        approvalStage: next.stage,
        stageRequestedAt: at,
        stageOverdueAt: stageTimers(next, at).overdueAt,
      }
    : { approvals, status: STATUS_AFTER[decision.decision] };
  const decided = { ...proposal, ...changes };
  const outcome: Outcome | null =
    decision.decision === 'REJECT'
      ? { kind: 'OUTCOME_REJECTED', note: decision.note }
      : decision.decision === 'RETURN'
        ? { kind: 'OUTCOME_RETURNED', by: 'APPROVER', note: decision.note }
        : null;
  const after = await commitWithMails(
    proposal,
    changes,
    {
      at,
      actor: decision.by,
      type: `DECISION_${decision.decision}`,
      note: `Tahap ${approval.stageName}: ${DECISION_LABELS_ID[decision.decision]}${decision.note ? `. ${decision.note}` : ''}`,
    },
    [
      actionRepository.recordedWrite(
        { proposalId, revision, attempt, stage: decision.stage },
        decision.actionId,
        at,
      ),
      // REJECTED and RETURNED leave the live statuses: the district's pagu gets the amount back.
      ...(decision.decision === 'APPROVE' ? [] : await releaseCommitmentWrites(proposal)),
    ],
    outcome ? await outcomeMails(decided, outcome) : [],
  );
  if (after.status === 'APPROVED') countProposal('approved');
  else if (after.status === 'REJECTED') countProposal('rejected');
  return routeAfter(after, decision, chain.version, now);
}

const STATUS_AFTER = { APPROVE: 'APPROVED', REJECT: 'REJECTED', RETURN: 'RETURNED' } as const;

async function routeAfter(
  p: StoredProposal,
  decision: DecisionOutput,
  version: number,
  now: Date,
): Promise<RunRoute> {
  if (p.status === 'APPROVED') return { route: 'BUDGET', proposal: p };
  if (
    p.status === 'AWAITING_APPROVAL' &&
    p.approvalStage &&
    p.approvalStage !== decision.stage &&
    p.stageRequestedAt
  ) {
    const chain = await chainVersion(p.fiscalYear, version);
    const stage = chain.stages.find((s) => s.stage === p.approvalStage);
    if (stage)
      return {
        route: 'NEXT_STAGE',
        approval: planStage(version, stage, stageTimers(stage, p.stageRequestedAt), {}, now),
        proposal: p,
      };
  }
  return { route: 'CLOSED', reason: p.status };
}
