import * as z from 'zod/mini';
import * as actionRepository from '../adapters/dynamodb/action-repository.js';
import { chainVersion } from '../adapters/dynamodb/chain-reference.js';
import { ConditionFailedError, type StoredProposal } from '../adapters/dynamodb/proposal-repository.js';
import { env } from '../adapters/env.js';
import { newActionId } from '../adapters/ids.js';
import { countProposal } from '../adapters/observability.js';
import { type ApprovalAction, type ApprovalRequest, subjectOf } from '../domain/approval-action.js';
import { dueTimer, findStage, planStage } from '../domain/approval-chain.js';
import type { ApprovalStage } from '../domain/approval-chain-schema.js';
import { TransientError } from '../domain/errors.js';
import { formatWita } from '../domain/time.js';
import { approvalMail } from '../views/approval-email.js';
import { commitWithMails } from '../workflow/commit-with-mails.js';
import { districtOf, outcomeMails } from '../workflow/outcome-mails.js';
import { loadProposal } from './load-proposal.js';
import { planSchema, type RunRoute, runInput } from './run-state.js';
import { defineStep, SYSTEM_ACTOR } from './step.js';

/**
 * A stage's wait timed out at one of its moments. Whatever is due is done once (the reminder, the
 * escalation with new links, or OVERDUE with the district mailed), and the run goes back to
 * waiting until the next moment. A decision recorded but not yet delivered wins over any timer.
 */
export const handler = defineStep(
  'ApprovalTimer',
  z.extend(runInput, { approval: planSchema }),
  async ({ proposalId, revision, attempt, approval }): Promise<RunRoute> => {
    const key = { proposalId, revision, attempt, stage: approval.stage };
    const request = await actionRepository.request(key);
    if (!request) throw new Error(`approval request ${approval.stage} of ${proposalId} not found`);
    if (request.decision) return { route: 'DECIDED', approval, decision: request.decision };
    if (request.closedAs === 'OVERDUE') return { route: 'OVERDUE' };
    if (request.closedAs) return { route: 'CLOSED', reason: request.closedAs };

    const now = new Date();
    const due = dueTimer(request, request, now);
    if (due !== 'NONE') {
      const proposal = await loadProposal(proposalId, revision);
      if (proposal.status !== 'AWAITING_APPROVAL' || proposal.approvalStage !== approval.stage)
        return { route: 'CLOSED', reason: proposal.status };
      const chain = await chainVersion(proposal.fiscalYear, request.chainVersion);
      const stage = findStage(chain, request.stage);
      if (!stage) throw new Error(`stage ${request.stage} missing from chain v${request.chainVersion}`);
      try {
        if (due === 'OVERDUE') {
          await markOverdue(proposal, request, stage, now);
          countProposal('overdue');
          return { route: 'OVERDUE' };
        }
        if (due === 'ESCALATE') request.escalatedAt = await escalate(proposal, request, stage, now);
        else request.remindedAt = await remind(proposal, request, stage, now);
      } catch (error) {
        if (!(error instanceof ConditionFailedError)) throw error;
        // Lost to a decision (or to our own earlier attempt): look again.
        const fresh = await actionRepository.request(key);
        if (fresh?.decision) return { route: 'DECIDED', approval, decision: fresh.decision };
        throw new TransientError('approval request changed while its timer was handled');
      }
    }
    const stage = { stage: approval.stage, name: approval.stageName };
    return { route: 'WAIT', approval: planStage(approval.chainVersion, stage, request, request, now) };
  },
);

/** One mail per link holder, each with their own link, valid until the stage's overdue moment. */
function linkMails(
  kind: 'APPROVAL_REMINDER' | 'APPROVAL_ESCALATION',
  holders: ReadonlyArray<{ actionId: string; approverEmail: string }>,
  c: { p: StoredProposal; r: ApprovalRequest; stage: ApprovalStage; districtName: string },
) {
  return holders.map((a) =>
    approvalMail(kind, a.approverEmail, {
      proposal: c.p,
      districtName: c.districtName,
      stageName: c.stage.name,
      link: `${env.publicBaseUrl()}/actions/${a.actionId}`,
      overdueAt: c.r.overdueAt,
    }),
  );
}

async function remind(
  p: StoredProposal,
  r: ApprovalRequest,
  stage: ApprovalStage,
  now: Date,
): Promise<string> {
  const at = now.toISOString();
  const district = await districtOf(p.districtCode);
  const waiting = r.actions.filter((a) => a.role === 'APPROVER');
  await commitWithMails(
    p,
    {},
    {
      at,
      actor: SYSTEM_ACTOR,
      type: 'APPROVAL_REMINDED',
      note: `Tahap ${stage.name}: ${waiting.map((a) => a.approverEmail).join(', ')}`,
    },
    [actionRepository.remindedWrite(r, at)],
    linkMails('APPROVAL_REMINDER', waiting, { p, r, stage, districtName: district.name }),
  );
  return at;
}

async function escalate(
  p: StoredProposal,
  r: ApprovalRequest,
  stage: ApprovalStage,
  now: Date,
): Promise<string> {
  const at = now.toISOString();
  const district = await districtOf(p.districtCode);
  const added: ApprovalAction[] = stage.escalateTo.map((approverEmail) => ({
    actionId: newActionId(),
    proposalId: p.id,
    revision: p.revision,
    stage: r.stage,
    attempt: r.attempt,
    approverEmail,
    role: 'ESCALATION',
    status: 'PENDING',
    createdAt: at,
    expiresAt: r.overdueAt,
    subject: subjectOf(p),
  }));
  await commitWithMails(
    p,
    {},
    {
      at,
      actor: SYSTEM_ACTOR,
      type: 'APPROVAL_ESCALATED',
      note: `Tahap ${stage.name} dieskalasikan kepada ${stage.escalateTo.join(', ')}`,
    },
    actionRepository.escalatedWrites(r, added, at),
    linkMails('APPROVAL_ESCALATION', added, { p, r, stage, districtName: district.name }),
  );
  return at;
}

async function markOverdue(
  p: StoredProposal,
  r: ApprovalRequest,
  stage: ApprovalStage,
  now: Date,
): Promise<void> {
  const at = now.toISOString();
  await commitWithMails(
    p,
    { status: 'OVERDUE' },
    {
      at,
      actor: SYSTEM_ACTOR,
      type: 'APPROVAL_OVERDUE',
      note: `Tahap ${stage.name} tanpa keputusan sampai ${formatWita(r.overdueAt)}; semua tautan tahap ini tidak berlaku lagi`,
    },
    [actionRepository.closedWrite(r, 'OVERDUE', at)],
    await outcomeMails(p, { kind: 'OUTCOME_OVERDUE', stageName: stage.name }),
  );
}
