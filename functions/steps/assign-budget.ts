import { TransientError } from '../domain/errors.js';
import { commitWithMails } from '../workflow/commit-with-mails.js';
import { outcomeMails } from '../workflow/outcome-mails.js';
import { allocateBudget, shortfallNote } from './allocate-budget.js';
import { loadProposal } from './load-proposal.js';
import { defineStep, SYSTEM_ACTOR, stepInput } from './step.js';

/**
 * APPROVED → BUDGET_ASSIGNED: one transaction draws every funding line from its pool, each guarded
 * on the pool's remaining amount, together with the status change. A short pool → WAITLISTED.
 * Either way the district is mailed.
 */
export const handler = defineStep('AssignBudget', stepInput, async ({ proposalId, revision }) => {
  const proposal = await loadProposal(proposalId, revision);
  if (proposal.status === 'BUDGET_ASSIGNED' || proposal.status === 'WAITLISTED')
    return { status: proposal.status };

  const at = new Date().toISOString();
  const result = await allocateBudget(proposal, { at, actor: SYSTEM_ACTOR });
  if (result.outcome === 'ASSIGNED') return { status: 'BUDGET_ASSIGNED' };
  // The proposal itself changed under us (a retry after our own success, or a withdrawal): look again.
  if (result.outcome === 'PROPOSAL_CHANGED')
    throw new TransientError('proposal changed during budget assignment');
  const note = await shortfallNote(proposal, result);
  await commitWithMails(
    proposal,
    { status: 'WAITLISTED' },
    { at, actor: SYSTEM_ACTOR, type: 'WAITLISTED', note },
    [],
    await outcomeMails({ ...proposal, status: 'WAITLISTED' }, { kind: 'OUTCOME_WAITLISTED', note }),
  );
  return { status: 'WAITLISTED' };
});
