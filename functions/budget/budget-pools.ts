import * as poolRepository from '../adapters/dynamodb/pool-repository.js';
import { formatRupiah } from '../domain/money.js';
import type { PoolId } from '../domain/pool-ceiling.js';
import { type Allocation, FUNDING_SOURCE_LABELS_ID, type Proposal } from '../domain/proposal.js';
import {
  needsOf,
  type PoolNeed,
  type PoolState,
  type Shortfall,
  samePool,
  shortfallOf,
} from '../domain/waitlist.js';

/** The pools a proposal draws on, in the order of its funding lines, read consistently. */
export function readPools(
  proposal: Pick<Proposal, 'fiscalYear' | 'districtCode' | 'funding'>,
): Promise<PoolState[]> {
  return Promise.all(needsOf(proposal).map((need) => poolRepository.get(need.pool)));
}

/** The funding lines that their pools cannot fund now, and why; `waitsOn`: queues it is already in. */
export function shortfalls(
  proposal: Pick<Proposal, 'fiscalYear' | 'districtCode' | 'funding'>,
  pools: readonly PoolState[],
  waitsOn: readonly PoolId[],
): { need: PoolNeed; shortfall: Shortfall }[] {
  return needsOf(proposal).flatMap((need, i) => {
    const shortfall = shortfallOf(
      pools[i] ?? null,
      need.amount,
      waitsOn.some((w) => samePool(w, need.pool)),
    );
    return shortfall ? [{ need, shortfall }] : [];
  });
}

/** "APBN Rp 300.000.000; APBD Provinsi Rp 150.000.000", the audit note of an assignment. */
export const allocationNote = (allocations: readonly Allocation[]): string =>
  allocations.map((a) => `${FUNDING_SOURCE_LABELS_ID[a.source]} ${formatRupiah(a.amount)}`).join('; ');
