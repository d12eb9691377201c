import * as z from 'zod/mini';
import type { StoredProposal } from '../adapters/dynamodb/proposal-repository.js';
import { countProposal, recordBudgetAssigned } from '../adapters/observability.js';
import { assignBudget } from '../budget/assign-budget.js';
import { TransientError } from '../domain/errors.js';
import { loadProposal, ofRun } from './load-proposal.js';
import { carriedProposal } from './run-state.js';
import { defineStep, SYSTEM_ACTOR, stepInput } from './step.js';

/**
 * APPROVED → BUDGET_ASSIGNED: one transaction draws every funding line from its pool, each guarded
 * on the pool's remaining amount and on nobody waiting there, together with the status change.
 * A pool that cannot fund it → WAITLISTED in that pool's queue (functions/budget/assign-budget.ts).
 * It starts from the proposal the step before wrote (`$.run.proposal`); if that changed meanwhile,
 * the guarded write is refused and it reads the proposal and tries once more.
 */
export const handler = defineStep(
  'AssignBudget',
  z.extend(stepInput, { run: z.optional(z.object({ proposal: carriedProposal })) }),
  async ({ proposalId, revision, run }) => {
    const carried = run?.proposal;
    if (carried) {
      const result = await assign(ofRun(carried, proposalId, revision));
      if (result) return result;
    }
    const result = await assign(await loadProposal(proposalId, revision));
    // The proposal itself changed under us (a retry after our own success, or a withdrawal): look again.
    if (!result) throw new TransientError('proposal changed during budget assignment');
    return result;
  },
);

/** null when the proposal was not as given (its guarded write refused). */
async function assign(proposal: StoredProposal): Promise<{ status: string } | null> {
  if (proposal.status === 'BUDGET_ASSIGNED' || proposal.status === 'WAITLISTED')
    return { status: proposal.status };
  const result = await assignBudget(proposal, { at: new Date().toISOString(), actor: SYSTEM_ACTOR });
  if (result.outcome === 'PROPOSAL_CHANGED') return null;
  if (result.outcome === 'BUDGET_ASSIGNED') recordBudgetAssigned(proposal.totalAmount);
  else countProposal('waitlisted');
  return { status: result.outcome };
}
