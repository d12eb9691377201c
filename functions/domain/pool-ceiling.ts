import * as z from 'zod/mini';
import type { BudgetPool } from './budget.js';
import { DomainError } from './errors.js';
import { rupiahCeilingSchema } from './fields.js';
import { formatRupiah } from './money.js';
import { FUNDING_SOURCE_LABELS_ID, FUNDING_SOURCES, type FundingSource, type Proposal } from './proposal.js';
import './validation-locale.js';

/** The body of PUT /budget-pools/{fiscalYear}/{source}[/{districtCode}]: the pool's new ceiling. */
export const ceilingSchema = /* @__PURE__ */ z.strictObject({ ceiling: rupiahCeilingSchema });
export type CeilingBody = z.infer<typeof ceilingSchema>;

/** Which pool: a source in a year, and for APBD Kabupaten/Kota the district whose budget it is. */
export interface PoolId {
  fiscalYear: number;
  source: FundingSource;
  districtCode?: string | undefined;
}

/** The only source whose pools are per district (docs/domain.md "Budget pools"). */
export const DISTRICT_SOURCE: FundingSource = 'APBD_KABUPATEN_KOTA';

/** "APBD Kabupaten/Kota 73.71 TA 2016", as the office names a pool in messages and audit notes. */
export function poolLabel(pool: PoolId): string {
  const district = pool.source === DISTRICT_SOURCE ? ` ${pool.districtCode ?? '-'}` : '';
  return `${FUNDING_SOURCE_LABELS_ID[pool.source]}${district} TA ${pool.fiscalYear}`;
}

/** What setting a ceiling does to a pool, decided from the pool as read. */
export type CeilingChange =
  | { kind: 'create'; after: BudgetPool }
  | { kind: 'unchanged'; after: BudgetPool }
  | { kind: 'change'; before: BudgetPool; after: BudgetPool; delta: number };

/**
 * A new ceiling moves `remaining` by the same delta, so `remaining = ceiling - allocated` holds
 * and money already allocated is never taken back: a ceiling below it is refused.
 */
export function planCeilingChange(current: BudgetPool | null, id: PoolId, ceiling: number): CeilingChange {
  if (!current) {
    return {
      kind: 'create',
      after: { ...poolIdOf(id), ceiling, allocated: 0, remaining: ceiling, waiting: 0 },
    };
  }
  if (ceiling < current.allocated) throw ceilingBelowAllocated(current, ceiling);
  const delta = ceiling - current.ceiling;
  const after = { ...current, ceiling, remaining: current.remaining + delta };
  return delta === 0 ? { kind: 'unchanged', after } : { kind: 'change', before: current, after, delta };
}

export function ceilingBelowAllocated(pool: BudgetPool, ceiling: number): DomainError {
  return new DomainError(
    'CONFLICT',
    `Pagu ${poolLabel(pool)} tidak dapat diturunkan menjadi ${formatRupiah(ceiling)}: sudah dialokasikan ${formatRupiah(pool.allocated)}`,
    409,
    [
      {
        path: 'ceiling',
        message: `Pagu minimal ${formatRupiah(pool.allocated)} (jumlah yang sudah dialokasikan)`,
      },
    ],
  );
}

/** Keeps the district only where it belongs, so a pool's identity has one spelling. */
export function poolIdOf(id: PoolId): PoolId {
  return id.source === DISTRICT_SOURCE
    ? { fiscalYear: id.fiscalYear, source: id.source, districtCode: id.districtCode }
    : { fiscalYear: id.fiscalYear, source: id.source };
}

/** Whether a proposal draws money from this pool: it has a line of the source (and, per district, is of it). */
export function drawsOnPool(
  proposal: Pick<Proposal, 'fiscalYear' | 'districtCode' | 'funding'>,
  pool: PoolId,
): boolean {
  if (proposal.fiscalYear !== pool.fiscalYear) return false;
  if (pool.source === DISTRICT_SOURCE && proposal.districtCode !== pool.districtCode) return false;
  return proposal.funding.some((line) => line.source === pool.source);
}

export interface PoolTotals {
  ceiling: number;
  allocated: number;
  remaining: number;
}

/** Sums per source; every source appears, with zeros when it has no pool that year. */
export function poolTotalsBySource(pools: readonly BudgetPool[]): Record<FundingSource, PoolTotals> {
  const totals = Object.fromEntries(
    FUNDING_SOURCES.map((s) => [s, { ceiling: 0, allocated: 0, remaining: 0 }]),
  ) as Record<FundingSource, PoolTotals>;
  for (const pool of pools) {
    const t = totals[pool.source];
    t.ceiling += pool.ceiling;
    t.allocated += pool.allocated;
    t.remaining += pool.remaining;
  }
  return totals;
}

/** Sources in their usual order (APBN, APBD Provinsi, APBD Kabupaten/Kota), then districts by code. */
export function comparePools(a: PoolId, b: PoolId): number {
  return (
    FUNDING_SOURCES.indexOf(a.source) - FUNDING_SOURCES.indexOf(b.source) ||
    (a.districtCode ?? '').localeCompare(b.districtCode ?? '')
  );
}
