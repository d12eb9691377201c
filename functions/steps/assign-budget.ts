import { countProposal, recordBudgetAssigned } from '../adapters/observability.js';
import { assignBudget } from '../budget/assign-budget.js';
import { TransientError } from '../domain/errors.js';
import { loadProposal } from './load-proposal.js';
import { defineStep, SYSTEM_ACTOR, stepInput } from './step.js';

/**
 * APPROVED → BUDGET_ASSIGNED: one transaction draws every funding line from its pool, each guarded
 * on the pool's remaining amount and on nobody waiting there, together with the status change.
 * A pool that cannot fund it → WAITLISTED in that pool's queue (functions/budget/assign-budget.ts).
 */
export const handler = defineStep('AssignBudget', stepInput, async ({ proposalId, revision }) => {
  const proposal = await loadProposal(proposalId, revision);
  if (proposal.status === 'BUDGET_ASSIGNED' || proposal.status === 'WAITLISTED')
    return { status: proposal.status };

  const result = await assignBudget(proposal, { at: new Date().toISOString(), actor: SYSTEM_ACTOR });
  // The proposal itself changed under us (a retry after our own success, or a withdrawal): look again.
  if (result.outcome === 'PROPOSAL_CHANGED')
    throw new TransientError('proposal changed during budget assignment');
  if (result.outcome === 'BUDGET_ASSIGNED') recordBudgetAssigned(proposal.totalAmount);
  else countProposal('waitlisted');
  return { status: result.outcome };
});
