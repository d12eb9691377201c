import * as z from 'zod/mini';
import * as actionRepository from '../adapters/dynamodb/action-repository.js';
import { chainVersion } from '../adapters/dynamodb/chain-reference.js';
import {
  ConditionFailedError,
  proposalRepository,
  type StoredProposal,
} from '../adapters/dynamodb/proposal-repository.js';
import { env } from '../adapters/env.js';
import { newActionId } from '../adapters/ids.js';
import { type ApprovalAction, type ApprovalRequest, subjectOf } from '../domain/approval-action.js';
import type { ApprovalPlan } from '../domain/approval-chain.js';
import { findStage } from '../domain/approval-chain.js';
import { formatWita } from '../domain/time.js';
import { approvalMail } from '../views/approval-email.js';
import { commitWithMails } from '../workflow/commit-with-mails.js';
import { districtOf } from '../workflow/outcome-mails.js';
import { ofRun } from './load-proposal.js';
import { carriedProposal, planSchema, runInput } from './run-state.js';
import { stageOpenChanges, stageOpenedOn } from './stage-opening.js';
import { defineStep, SYSTEM_ACTOR } from './step.js';

/**
 * The wait for a stage's decision (`.waitForTaskToken`). The first entry opens the stage: one
 * link per approver, their mails, and the proposal in the stage's queue, in one transaction. Every
 * later entry (after a reminder or an escalation, a retried invocation, a resumed local run) only
 * stores its new task token, or, if a decision was recorded meanwhile, ends the wait with
 * `DecisionRecorded` so that the state machine takes it from the record.
 */
export const handler = defineStep(
  'RequestApproval',
  z.extend(runInput, {
    run: z.object({ approval: planSchema, proposal: carriedProposal }),
    taskToken: z.string().check(z.minLength(1)),
  }),
  async ({ proposalId, revision, attempt, run, taskToken }) => {
    const { approval } = run;
    const key = { proposalId, revision, attempt, stage: approval.stage };
    // The usual first entry opens the stage from the proposal the step before wrote, unread; if
    // it changed since (or a concurrent entry opened the stage), the guarded open is refused and
    // the record decides below.
    const carried = run.proposal;
    if (carried && carried.revision === revision && !stageOpenedOn(carried, attempt, approval)) {
      if (await openStage(carried, attempt, approval, taskToken)) return {};
    }
    // The proposal says whether this stage was opened already, so its request is not looked up in
    // vain. Any doubt (another revision, no proposal) looks it up; a wrong guess costs a read or a
    // refused open, never a second opening (the open is guarded).
    const proposal = await proposalRepository.get(proposalId);
    let request =
      proposal && proposal.revision === revision && !stageOpenedOn(proposal, attempt, approval)
        ? null
        : await actionRepository.request(key);
    if (!request) {
      const opened = await openStage(ofRun(proposal, proposalId, revision), attempt, approval, taskToken);
      if (opened) return {};
      request = await actionRepository.request(key);
      if (!request) throw new Error(`approval request ${approval.stage} of ${proposalId} vanished`);
    }
    // Recorded while no task was waiting to hear it (between two waits, or before a crash): the
    // wait ends at once and the state machine takes the decision from the record (ApprovalTimer →
    // UseRecordedDecision), so this function never calls Step Functions itself.
    if (request.decision)
      throw new DecisionRecordedError(`stage ${approval.stage} of ${proposalId} is decided`);
    await actionRepository.replaceToken({ ...key, overdueAt: request.overdueAt }, taskToken);
    return {};
  },
);

/** The ASL's RequestApproval catches this name and goes to ApprovalTimer, which answers DECIDED. */
export class DecisionRecordedError extends Error {
  override readonly name = 'DecisionRecorded';
}

/** false when a concurrent entry opened the stage first. */
async function openStage(
  proposal: StoredProposal,
  attempt: number,
  plan: ApprovalPlan,
  taskToken: string,
): Promise<boolean> {
  const chain = await chainVersion(proposal.fiscalYear, plan.chainVersion);
  const stage = findStage(chain, plan.stage);
  if (!stage)
    throw new Error(
      `stage ${plan.stage} is not in approval chain ${proposal.fiscalYear} v${plan.chainVersion}`,
    );
  const actions: ApprovalAction[] = stage.approvers.map((approverEmail) => ({
    actionId: newActionId(),
    proposalId: proposal.id,
    revision: proposal.revision,
    stage: stage.stage,
    attempt,
    approverEmail,
    role: 'APPROVER',
    status: 'PENDING',
    createdAt: plan.requestedAt,
    expiresAt: plan.overdueAt,
    subject: subjectOf(proposal),
  }));
  const request: ApprovalRequest = {
    proposalId: proposal.id,
    revision: proposal.revision,
    stage: stage.stage,
    attempt,
    chainVersion: plan.chainVersion,
    requestedAt: plan.requestedAt,
    remindAt: plan.remindAt,
    escalateAt: plan.escalateAt,
    overdueAt: plan.overdueAt,
    actions: actions.map((a) => ({ actionId: a.actionId, approverEmail: a.approverEmail, role: a.role })),
  };
  const changes = stageOpenChanges(plan, attempt);
  const moved: StoredProposal = { ...proposal, ...changes };
  const district = await districtOf(proposal.districtCode);
  const mails = actions.map((a) =>
    approvalMail('APPROVAL_REQUEST', a.approverEmail, {
      proposal: moved,
      districtName: district.name,
      stageName: stage.name,
      link: `${env.publicBaseUrl()}/actions/${a.actionId}`,
      overdueAt: plan.overdueAt,
    }),
  );
  try {
    await commitWithMails(
      proposal,
      changes,
      {
        at: new Date().toISOString(),
        actor: SYSTEM_ACTOR,
        type: 'APPROVAL_REQUESTED',
        note: `Tahap ${stage.name} (${stage.stage}): ${stage.approvers.join(', ')}; batas waktu ${formatWita(plan.overdueAt)}`,
      },
      actionRepository.openWrites(request, actions, taskToken),
      mails,
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionFailedError) return false;
    throw error;
  }
}
