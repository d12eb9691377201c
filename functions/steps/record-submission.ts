import * as z from 'zod/mini';
import { proposalRepository } from '../adapters/dynamodb/proposal-repository.js';
import { loadProposal } from './load-proposal.js';
import { defineStep, SYSTEM_ACTOR, stepInput } from './step.js';

/** SUBMITTED → POLICY_CHECK: the workflow has taken the proposal, under this execution. */
export const handler = defineStep(
  'RecordSubmission',
  z.extend(stepInput, { executionId: z.string().check(z.minLength(1)) }),
  async ({ proposalId, revision, executionId }) => {
    const proposal = await loadProposal(proposalId, revision);
    // A retried step finds its own earlier write.
    if (proposal.status === 'POLICY_CHECK' && proposal.executionArn === executionId) return {};
    await proposalRepository.update(
      proposal,
      { status: 'POLICY_CHECK', executionArn: executionId },
      { at: new Date().toISOString(), actor: SYSTEM_ACTOR, type: 'POLICY_CHECK_STARTED', note: '' },
    );
    return {};
  },
);
