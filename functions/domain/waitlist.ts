import type { BudgetPool } from './budget.js';
import { formatRupiah } from './money.js';
import { DISTRICT_SOURCE, type PoolId, poolIdOf, poolLabel } from './pool-ceiling.js';
import type { Proposal } from './proposal.js';

/**
 * The waitlist, in the office's terms: an approved proposal that a pool cannot fund waits in that
 * pool's queue, and money that comes into the pool goes to the queue, oldest first, before any
 * newer approval may take it. Each pool counts the proposals waiting on it (`waiting`), so that a
 * new allocation can be refused by the pool itself while anybody waits there.
 */

/** What one funding line of a proposal asks of its pool. */
export interface PoolNeed {
  pool: PoolId;
  amount: number;
}

/** Recorded on a WAITLISTED proposal: since when it waits (its place in every queue) and on which pools. */
export interface WaitlistPlace {
  /** The instant it first turned WAITLISTED; queues are ordered by it, then by proposal id. */
  since: string;
  pools: PoolNeed[];
}

/** A pool as the waitlist sees it: absent (no ceiling set yet) or its money and its queue length. */
export type PoolState = Pick<BudgetPool, 'remaining' | 'waiting'> | null;

/** The pool each funding line draws on (APBD Kabupaten/Kota: the proposal's district's pool). */
export function needsOf(proposal: Pick<Proposal, 'fiscalYear' | 'districtCode' | 'funding'>): PoolNeed[] {
  return proposal.funding.map((line) => ({
    pool: poolIdOf({
      fiscalYear: proposal.fiscalYear,
      source: line.source,
      districtCode: line.source === DISTRICT_SOURCE ? proposal.districtCode : undefined,
    }),
    amount: line.amount,
  }));
}

export const samePool = (a: PoolId, b: PoolId): boolean =>
  a.fiscalYear === b.fiscalYear && a.source === b.source && (a.districtCode ?? '') === (b.districtCode ?? '');

/** Why a pool cannot fund a line now, or null when it can. */
export type Shortfall =
  | { kind: 'NO_POOL' }
  | { kind: 'SHORT'; remaining: number }
  /** The money is there, but older proposals wait on this pool and come first. */
  | { kind: 'QUEUE'; remaining: number; waiting: number };

/**
 * Whether `pool` can fund `amount` for a proposal. A new approval (`waitsHere` false) may not pass
 * anybody who waits on the pool; a waitlisted proposal is already in that queue, whose order the
 * funding run keeps, so only the money counts for it there.
 */
export function shortfallOf(pool: PoolState, amount: number, waitsHere: boolean): Shortfall | null {
  if (!pool) return { kind: 'NO_POOL' };
  if (pool.remaining < amount) return { kind: 'SHORT', remaining: pool.remaining };
  if (!waitsHere && pool.waiting > 0)
    return { kind: 'QUEUE', remaining: pool.remaining, waiting: pool.waiting };
  return null;
}

/** The Indonesian line of an audit note that says why a proposal waits on one pool. */
export function shortfallNote(need: PoolNeed, shortfall: Shortfall): string {
  const label = poolLabel(need.pool);
  switch (shortfall.kind) {
    case 'NO_POOL':
      return `Pagu ${label} belum ditetapkan`;
    case 'SHORT':
      return `Sisa pagu ${label} ${formatRupiah(shortfall.remaining)}, dibutuhkan ${formatRupiah(need.amount)}`;
    case 'QUEUE':
      return `Sisa pagu ${label} ${formatRupiah(shortfall.remaining)}, tetapi ${shortfall.waiting} usulan lebih dahulu menunggu`;
  }
}
