import * as poolRepository from '../adapters/dynamodb/pool-repository.js';
import {
  ConditionFailedError,
  proposalRepository,
  type StoredProposal,
} from '../adapters/dynamodb/proposal-repository.js';
import * as proposalWrites from '../adapters/dynamodb/proposal-writes.js';
import { allocationsFor } from '../domain/budget.js';
import { TransientError } from '../domain/errors.js';
import type { PoolId } from '../domain/pool-ceiling.js';
import { samePool, shortfallNote } from '../domain/waitlist.js';
import { commitWithMails } from '../workflow/commit-with-mails.js';
import { outcomeMails } from '../workflow/outcome-mails.js';
import { allocationNote, readPools, shortfalls } from './budget-pools.js';
import { backoff } from './retry.js';

const ATTEMPTS = 8;

/**
 * Funds the queues of `pools`, each oldest first (by when a proposal began to wait, then id):
 * money that came into a pool goes to those who waited for it before any newer approval, which
 * the pools refuse while anybody waits. One that does not fit stays and the next is tried; a pass
 * that funded something reads the queue again (a proposal may have joined meanwhile), until a
 * pass funds nothing. A funded proposal leaves its other queues too, which then run as well.
 * Called after a ceiling raise, a withdrawal from the waitlist, and by an approval that queued
 * behind others while the money was there. Two runs over one queue at once both go oldest first;
 * the one that loses a proposal to the other moves on to the next. Returns the ids funded, in order.
 */
export async function fundWaitlist(pools: readonly PoolId[], actor: string): Promise<string[]> {
  const worklist: PoolId[] = [];
  const add = (pool: PoolId) => {
    if (!worklist.some((w) => samePool(w, pool))) worklist.push(pool);
  };
  pools.forEach(add);
  const funded: string[] = [];
  for (let pool = worklist.shift(); pool; pool = worklist.shift()) {
    for (let progress = true; progress; ) {
      progress = false;
      let state = await poolRepository.get(pool);
      for (const entry of await poolRepository.waitlistOf(pool)) {
        // Remaining only shrinks during a pass (a raise runs its own): what does not fit is skipped unread.
        if (!state || entry.amount > state.remaining) continue;
        const result = await fundOne(entry.proposalId, actor);
        if (!result) continue;
        funded.push(entry.proposalId);
        progress = true;
        for (const left of result.left) if (!samePool(left, pool)) add(left);
        state = await poolRepository.get(pool);
      }
    }
  }
  return funded;
}

/**
 * WAITLISTED → BUDGET_ASSIGNED if every pool can fund it now, leaving all its queues in the same
 * transaction (which also records the district's mail); otherwise, if a pool it does not wait on
 * yet is the obstacle, it joins that queue too, keeping its place (since when it waits). Returns
 * the queues it left, or null if not funded.
 */
async function fundOne(id: string, actor: string): Promise<{ left: PoolId[] } | null> {
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const proposal = await proposalRepository.get(id);
    if (proposal?.status !== 'WAITLISTED' || !proposal.waitlist) return null;
    const place = proposal.waitlist;
    const waitsOn = place.pools.map((p) => p.pool);
    const short = shortfalls(proposal, await readPools(proposal), waitsOn);
    const at = new Date().toISOString();
    try {
      if (short.length === 0) {
        await assignFromWaitlist(proposal, waitsOn, { at, actor });
        return { left: waitsOn };
      }
      const newly = short.filter((s) => !waitsOn.some((w) => samePool(w, s.need.pool)));
      if (newly.length === 0) return null;
      await proposalWrites.update(
        proposal,
        { waitlist: { since: place.since, pools: [...place.pools, ...newly.map((s) => s.need)] } },
        {
          at,
          actor,
          type: 'WAITLISTED',
          note: `Juga menunggu: ${newly.map((s) => shortfallNote(s.need, s.shortfall)).join('; ')}`,
        },
        poolRepository.waitlistJoinWrites(
          proposal,
          place.since,
          newly.map((s) => s.need),
        ),
      );
      return null;
    } catch (error) {
      // Lost to another writer of the proposal or a pool: read both again.
      if (!(error instanceof ConditionFailedError || error instanceof TransientError)) throw error;
      await backoff(attempt);
    }
  }
  // Left waiting, and still counted on its pools: the next change of a pool runs its queue again.
  console.warn(JSON.stringify({ level: 'WARN', message: 'waitlisted proposal not funded', proposalId: id }));
  return null;
}

async function assignFromWaitlist(
  proposal: StoredProposal,
  waitsOn: PoolId[],
  audit: { at: string; actor: string },
): Promise<StoredProposal> {
  const allocations = allocationsFor(proposal);
  const since = proposal.waitlist?.since ?? '';
  return commitWithMails(
    proposal,
    { status: 'BUDGET_ASSIGNED', allocations, waitlist: undefined },
    {
      at: audit.at,
      actor: audit.actor,
      type: 'BUDGET_ASSIGNED',
      note: `Didanai dari daftar tunggu: ${allocationNote(allocations)}`,
    },
    [
      ...poolRepository.allocationWrites(proposal, allocations, audit.at, waitsOn),
      ...poolRepository.waitlistLeaveWrites(proposal.id, since, waitsOn, { counters: false }),
    ],
    await outcomeMails(
      { ...proposal, status: 'BUDGET_ASSIGNED', allocations },
      { kind: 'OUTCOME_FUNDED_FROM_WAITLIST', allocations },
    ),
  );
}

/**
 * The writes that take a WAITLISTED proposal out of its queues without funding it (a withdrawal),
 * with the change that clears its place; join them to its status write, then run
 * `fundWaitlist(waitedPools(proposal))`: whoever waited behind it may fit now.
 */
export function leaveWaitlist(proposal: StoredProposal) {
  const place = proposal.waitlist;
  if (proposal.status !== 'WAITLISTED' || !place) return { changes: {}, writes: [] };
  return {
    changes: { waitlist: undefined },
    writes: poolRepository.waitlistLeaveWrites(proposal.id, place.since, waitedPools(proposal), {
      counters: true,
    }),
  };
}

/** The pools a WAITLISTED proposal waits on (none for any other status). */
export const waitedPools = (proposal: StoredProposal): PoolId[] =>
  proposal.status === 'WAITLISTED' ? (proposal.waitlist?.pools.map((p) => p.pool) ?? []) : [];
