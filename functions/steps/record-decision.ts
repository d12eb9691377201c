import * as z from 'zod/mini';
import { proposalRepository } from '../adapters/dynamodb/proposal-repository.js';
import { releaseCommitmentWrites } from '../budget/district-commitment.js';
import type { ApprovalDecision, ProposalStatus } from '../domain/proposal.js';
import { loadProposal } from './load-proposal.js';
import { defineStep, stepInput } from './step.js';

const STATUS_OF: Record<ApprovalDecision, ProposalStatus> = {
  APPROVE: 'APPROVED',
  REJECT: 'REJECTED',
  RETURN: 'RETURNED',
};

const decisionSchema = z.object({
  decision: z.enum(['APPROVE', 'REJECT', 'RETURN']),
  note: z.string(),
  by: z.string().check(z.minLength(1)),
  stage: z.string().check(z.minLength(1)),
  at: z.string().check(z.minLength(1)),
  actionId: z.string().check(z.minLength(1)),
});

/** AWAITING_APPROVAL → APPROVED | REJECTED | RETURNED, with the approver's decision on record. */
export const handler = defineStep(
  'RecordDecision',
  z.extend(stepInput, { decision: decisionSchema }),
  async (input) => {
    const { proposalId, revision, decision } = input;
    const proposal = await loadProposal(proposalId, revision);
    const target = STATUS_OF[decision.decision];
    if (
      proposal.status === target &&
      proposal.approvals.some((a) => a.at === decision.at && a.by === decision.by)
    ) {
      return { status: target };
    }
    await proposalRepository.update(
      proposal,
      {
        status: target,
        approvals: [
          ...proposal.approvals,
          {
            stage: decision.stage,
            decision: decision.decision,
            by: decision.by,
            at: decision.at,
            note: decision.note,
          },
        ],
      },
      {
        at: new Date().toISOString(),
        actor: decision.by,
        type: `DECISION_${decision.decision}`,
        note: decision.note,
      },
      // REJECTED and RETURNED leave the live statuses: the district's pagu gets the amount back.
      target === 'APPROVED' ? [] : await releaseCommitmentWrites(proposal),
    );
    return { status: target };
  },
);
