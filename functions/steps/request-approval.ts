import * as z from 'zod/mini';
import { actionRepository } from '../adapters/dynamodb/action-repository.js';
import { ConditionFailedError, proposalRepository } from '../adapters/dynamodb/proposal-repository.js';
import { districtsByCode } from '../adapters/dynamodb/reference-cache.js';
import { env } from '../adapters/env.js';
import { newActionId } from '../adapters/ids.js';
import { mailer } from '../adapters/mailer/mailer.js';
import type { ApprovalAction } from '../domain/approval-action.js';
import type { Proposal } from '../domain/proposal.js';
import { approvalEmail } from '../views/approval-email.js';
import { loadProposal } from './load-proposal.js';
import { defineStep, SYSTEM_ACTOR, stepInput } from './step.js';

/**
 * POLICY_CHECK → AWAITING_APPROVAL. Each approver of the stage gets an action with a random id and
 * an email linking to it; the task token stays in DynamoDB. Re-entered (a retry, or a resumed
 * execution with a new token), it keeps the actions and links it made, stores the new token, and
 * mails only those not yet mailed.
 */
export const handler = defineStep(
  'RequestApproval',
  z.extend(stepInput, { taskToken: z.string().check(z.minLength(1)) }),
  async ({ proposalId, revision, taskToken }) => {
    const proposal = await loadProposal(proposalId, revision);
    const stage = env.firstApprovalStage();

    // The request and the move to AWAITING_APPROVAL are written in one transaction, so only a
    // proposal already awaiting approval can have actions to reuse.
    let actions =
      proposal.status === 'POLICY_CHECK' ? null : await existingActions(proposalId, revision, stage);
    if (actions) {
      await Promise.all(actions.map((a) => actionRepository.replaceToken(a.actionId, taskToken)));
    } else {
      actions = newActions(proposal, stage);
      try {
        await proposalRepository.update(
          proposal,
          { status: 'AWAITING_APPROVAL' },
          {
            at: actions[0]?.createdAt ?? new Date().toISOString(),
            actor: SYSTEM_ACTOR,
            type: 'APPROVAL_REQUESTED',
            note: `Tahap ${stage}: ${actions.map((a) => a.approverEmail).join(', ')}`,
          },
          actionRepository.createWrites(actions, taskToken),
        );
      } catch (error) {
        // A concurrent attempt created them first: use those.
        if (!(error instanceof ConditionFailedError)) throw error;
        actions = await existingActions(proposalId, revision, stage);
        if (!actions) throw error;
        await Promise.all(actions.map((a) => actionRepository.replaceToken(a.actionId, taskToken)));
      }
    }
    await mailPending(proposal, actions);
    return {};
  },
);

function newActions(proposal: Proposal, stage: string): ApprovalAction[] {
  const approvers = env.approvers()[stage];
  if (!approvers?.length) throw new Error(`no approvers configured for stage ${stage}`);
  const now = new Date();
  const expiresAt = new Date(now.getTime() + env.actionTtlSeconds() * 1000).toISOString();
  return approvers.map((approverEmail) => ({
    actionId: newActionId(),
    proposalId: proposal.id,
    revision: proposal.revision,
    stage,
    approverEmail,
    status: 'PENDING',
    createdAt: now.toISOString(),
    expiresAt,
  }));
}

async function existingActions(
  proposalId: string,
  revision: number,
  stage: string,
): Promise<ApprovalAction[] | null> {
  const ids = await actionRepository.findRequest(proposalId, revision, stage);
  if (!ids) return null;
  const found = await Promise.all(ids.map((id) => actionRepository.get(id)));
  return found.filter((a): a is NonNullable<typeof a> => a !== null).map(({ taskToken: _t, ...a }) => a);
}

async function mailPending(proposal: Proposal, actions: ApprovalAction[]): Promise<void> {
  const pending = actions.filter((a) => !a.emailSentAt && a.status === 'PENDING');
  if (pending.length === 0) return;
  const district = (await districtsByCode()).get(proposal.districtCode);
  const send = await mailer();
  await Promise.all(
    pending.map(async (a) => {
      const email = approvalEmail(
        proposal,
        district?.name ?? proposal.districtCode,
        `${env.publicBaseUrl()}/actions/${a.actionId}`,
        a.expiresAt,
      );
      await send.send({ to: [a.approverEmail], ...email });
      await actionRepository.markEmailSent(a.actionId, new Date().toISOString());
    }),
  );
}
