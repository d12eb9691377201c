import { poolRepository } from '../adapters/dynamodb/pool-repository.js';
import { proposalRepository } from '../adapters/dynamodb/proposal-repository.js';
import { TransientError } from '../domain/errors.js';
import { drawsOnPool, type PoolId } from '../domain/pool-ceiling.js';
import { allocateBudget } from './allocate-budget.js';

const ATTEMPTS = 3;

const pause = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, 25 * 2 ** attempt + Math.random() * 25));

/**
 * When a pool grows, its WAITLISTED proposals are funded in priority order, oldest first, each
 * with the same one-transaction allocation as the AssignBudget step (not a workflow Task: the
 * budget-pool API calls it after raising a ceiling). One that still does not fit stays WAITLISTED
 * and the next is tried. Returns the ids funded.
 */
export async function fundWaitlist(pool: PoolId, actor: string): Promise<string[]> {
  const funded: string[] = [];
  const waiting = (await poolRepository.waitlistedOfYear(pool.fiscalYear)).filter((p) =>
    drawsOnPool(p, pool),
  );
  for (const candidate of waiting) {
    if (await fundOne(candidate.id, pool, actor)) funded.push(candidate.id);
  }
  return funded;
}

async function fundOne(id: string, pool: PoolId, actor: string): Promise<boolean> {
  for (let attempt = 1; ; attempt++) {
    // The queue index lags; only the proposal itself says whether it still waits.
    const proposal = await proposalRepository.get(id);
    if (proposal?.status !== 'WAITLISTED' || !drawsOnPool(proposal, pool)) return false;
    try {
      const result = await allocateBudget(
        proposal,
        {
          at: new Date().toISOString(),
          actor,
          notePrefix: 'Didanai dari daftar tunggu: ',
        },
        'OUTCOME_FUNDED_FROM_WAITLIST',
      );
      return result.outcome === 'ASSIGNED';
    } catch (error) {
      // A race with another allocation on the same pool: worth another try, then left waiting
      // for the next change of the pool rather than failing a ceiling change already made.
      if (!(error instanceof TransientError)) throw error;
      if (attempt >= ATTEMPTS) {
        console.warn(
          JSON.stringify({ level: 'WARN', message: 'waitlisted proposal not funded', proposalId: id }),
        );
        return false;
      }
      await pause(attempt);
    }
  }
}
