import type { PoolEvent, VersionedPool } from '../adapters/dynamodb/pool-repository.js';
import * as poolRepository from '../adapters/dynamodb/pool-repository.js';
import type { BudgetPool } from '../domain/budget.js';
import { DomainError, TransientError } from '../domain/errors.js';
import { formatRupiah } from '../domain/money.js';
import { ceilingBelowAllocated, type PoolId, planCeilingChange, poolLabel } from '../domain/pool-ceiling.js';
import { fundWaitlist } from './fund-waitlist.js';

/** A write that lost to a concurrent allocation's transaction is tried again from a fresh read. */
const ATTEMPTS = 3;

const raceLost = () =>
  new DomainError(
    'CONFLICT',
    'Pagu ini diubah orang lain pada saat yang sama; muat ulang lalu coba lagi',
    409,
  );

/** `grown`: the pool has at least as much room as before, so waiting proposals may now fit. */
type Outcome = { created: boolean; grown: boolean };

/**
 * Creates a pool or sets its ceiling (guarded, with its audit event); when the pool has room
 * afterwards, its waitlist is funded, oldest first. A repeated equal ceiling runs the waitlist
 * too, finishing what an interrupted call began. Refuses (409) a ceiling below what is allocated.
 */
export async function setPoolCeiling(
  id: PoolId,
  ceiling: number,
  actor: string,
): Promise<{ pool: BudgetPool; created: boolean; funded: string[] }> {
  let outcome: Outcome | undefined;
  for (let attempt = 1; !outcome; attempt++) {
    try {
      outcome = await setCeilingOnce(id, ceiling, actor);
    } catch (error) {
      if (!(error instanceof TransientError)) throw error;
      if (attempt >= ATTEMPTS) throw raceLost();
    }
  }
  const funded = outcome.grown ? await fundWaitlist([id], actor) : [];
  if (outcome.grown) await poolRepository.funded(id);
  const { version: _v, ...pool } = (await poolRepository.get(id)) as VersionedPool;
  return { pool, created: outcome.created, funded };
}

/** One guarded attempt: read, decide (domain), write conditionally with the audit event. */
async function setCeilingOnce(id: PoolId, ceiling: number, actor: string): Promise<Outcome> {
  const current = await poolRepository.get(id);
  const change = planCeilingChange(current, id, ceiling);
  const at = new Date().toISOString();
  if (change.kind === 'unchanged') return { created: false, grown: true };
  if (change.kind === 'create') {
    const event: PoolEvent = {
      at,
      actor,
      type: 'POOL_CREATED',
      fromCeiling: null,
      toCeiling: ceiling,
      note: `Pagu ${poolLabel(id)} ditetapkan ${formatRupiah(ceiling)}`,
    };
    if (!(await poolRepository.create(change.after, event))) throw raceLost();
    return { created: true, grown: true };
  }
  const before = current as VersionedPool;
  const event: PoolEvent = {
    at,
    actor,
    type: 'POOL_CEILING_CHANGED',
    fromCeiling: before.ceiling,
    toCeiling: ceiling,
    note: `Pagu ${poolLabel(id)} diubah dari ${formatRupiah(before.ceiling)} menjadi ${formatRupiah(ceiling)}`,
  };
  if (await poolRepository.changeCeiling(before, ceiling, event))
    return { created: false, grown: change.delta > 0 };
  // Lost. The same ceiling and version: only allocations moved, and they took what a lowering needed.
  const fresh = await poolRepository.get(id);
  if (fresh && fresh.ceiling === before.ceiling && fresh.version === before.version) {
    if (ceiling < fresh.allocated) throw ceilingBelowAllocated(fresh, ceiling);
    throw new TransientError('pool changed by an allocation');
  }
  throw raceLost();
}
