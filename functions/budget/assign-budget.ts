import * as poolRepository from '../adapters/dynamodb/pool-repository.js';
import {
  ConditionFailedError,
  proposalRepository,
  type StoredProposal,
} from '../adapters/dynamodb/proposal-repository.js';
import { allocationsFor } from '../domain/budget.js';
import { TransientError } from '../domain/errors.js';
import { shortfallNote } from '../domain/waitlist.js';
import { commitWithMails } from '../workflow/commit-with-mails.js';
import { outcomeMails } from '../workflow/outcome-mails.js';
import { allocationNote, readPools, shortfalls } from './budget-pools.js';
import { fundWaitlist } from './fund-waitlist.js';
import { backoff } from './retry.js';

export type AssignResult =
  | { outcome: 'BUDGET_ASSIGNED' | 'WAITLISTED'; proposal: StoredProposal }
  /** The proposal is no longer the status and version read (withdrawn, or assigned by another run). */
  | { outcome: 'PROPOSAL_CHANGED' };

const ATTEMPTS = 25;

/**
 * APPROVED → BUDGET_ASSIGNED, or → WAITLISTED when a pool cannot fund it now. Both are one
 * transaction with the proposal's guarded status write and its audit event:
 * - assigned: every funding line drawn from its pool, each guarded on the pool's remaining amount
 *   and on nobody waiting there (the waitlist comes first), each recorded once;
 * - waitlisted: the proposal joins the queue of each pool that cannot fund it, counted on the pool
 *   only while that pool still cannot (so a ceiling raise that lands in between fails the write
 *   and the allocation is tried again: no proposal waits for money that is there).
 * Either way the district is mailed (the mail is recorded in the same transaction). Races (another
 * allocation, a raise) are retried here; TransientError after many.
 */
export async function assignBudget(
  proposal: StoredProposal,
  audit: { at: string; actor: string },
): Promise<AssignResult> {
  const allocations = allocationsFor(proposal);
  const assignedMails = await outcomeMails(
    { ...proposal, status: 'BUDGET_ASSIGNED', allocations },
    { kind: 'OUTCOME_BUDGET_ASSIGNED', allocations },
  );
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    try {
      const after = await commitWithMails(
        proposal,
        { status: 'BUDGET_ASSIGNED', allocations },
        { at: audit.at, actor: audit.actor, type: 'BUDGET_ASSIGNED', note: allocationNote(allocations) },
        poolRepository.allocationWrites(proposal, allocations, audit.at),
        assignedMails,
      );
      return { outcome: 'BUDGET_ASSIGNED', proposal: after };
    } catch (error) {
      if (error instanceof ConditionFailedError && error.failedItems[0])
        return { outcome: 'PROPOSAL_CHANGED' };
      if (!(error instanceof ConditionFailedError || error instanceof TransientError)) throw error;
    }

    const short = shortfalls(proposal, await readPools(proposal), []);
    if (short.length === 0) {
      // The pool that refused has room again (a raise, a queue that emptied): allocate again.
      await backoff(attempt);
      continue;
    }
    try {
      const note = short.map((s) => shortfallNote(s.need, s.shortfall)).join('; ');
      const after = await commitWithMails(
        proposal,
        { status: 'WAITLISTED', waitlist: { since: audit.at, pools: short.map((s) => s.need) } },
        { at: audit.at, actor: audit.actor, type: 'WAITLISTED', note },
        poolRepository.waitlistJoinWrites(
          proposal,
          audit.at,
          short.map((s) => s.need),
        ),
        await outcomeMails({ ...proposal, status: 'WAITLISTED' }, { kind: 'OUTCOME_WAITLISTED', note }),
      );
      // Money was there but older proposals waited on it: their queue runs now, oldest first,
      // and may reach this one.
      const queued = short.filter((s) => s.shortfall.kind === 'QUEUE').map((s) => s.need.pool);
      if (queued.length > 0 && (await fundWaitlist(queued, audit.actor)).includes(proposal.id)) {
        const funded = await proposalRepository.get(proposal.id);
        if (funded) return { outcome: 'BUDGET_ASSIGNED', proposal: funded };
      }
      return { outcome: 'WAITLISTED', proposal: after };
    } catch (error) {
      if (error instanceof ConditionFailedError && error.failedItems[0])
        return { outcome: 'PROPOSAL_CHANGED' };
      if (!(error instanceof ConditionFailedError || error instanceof TransientError)) throw error;
      await backoff(attempt);
    }
  }
  throw new TransientError('budget assignment kept racing');
}
