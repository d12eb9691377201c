/** Whole rupiah shown the Indonesian way: Rp 1.250.000 (dot for thousands, no decimals). */
export function formatRupiah(amount: number): string {
  const sign = amount < 0 ? '-' : '';
  const digits = Math.abs(Math.trunc(amount)).toString();
  return `${sign}Rp ${digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.')}`;
}

/**
 * Caps that fit real budgets and keep every derived number an exact integer (below 2^53, about
 * Rp 9 kuadriliun), so that no sum is ever rounded or refused by the database:
 * - one funding line at most Rp 1.000.000.000.000 (a thousand times the province's largest IKM
 *   programme); a proposal has at most 3 lines, so its total stays below Rp 3 triliun;
 * - one pool's ceiling at most Rp 100.000.000.000.000 (ten times a whole provincial budget); a year
 *   has 2 province-wide pools and one per district (26), so the sums of ceilings, allocations and
 *   remainders in reports stay below Rp 2,6 kuadriliun.
 */
export const MAX_FUNDING_LINE_AMOUNT = 1_000_000_000_000;
export const MAX_POOL_CEILING = 100_000_000_000_000;
