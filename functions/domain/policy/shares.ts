/**
 * Exact share arithmetic on whole rupiah. Percentages in the rule set have at most two decimals,
 * so they are compared as basis points with BigInt: 0.1 × Rp 30 in floating point is not Rp 3,
 * and a rule must not fail a proposal that is exactly at its minimum.
 */

const BASIS_POINTS_PER_WHOLE = 10_000n;

const toBasisPoints = (percent: number): bigint => BigInt(Math.round(percent * 100));

/** Whether `part` is at least `percent`% of `whole`. */
export function isAtLeastPercent(part: number, whole: number, percent: number): boolean {
  return BigInt(part) * BASIS_POINTS_PER_WHOLE >= toBasisPoints(percent) * BigInt(whole);
}

/** The smallest whole rupiah amount that is at least `percent`% of `whole`. */
export function minimumForPercent(whole: number, percent: number): number {
  const product = toBasisPoints(percent) * BigInt(whole);
  const quotient = product / BASIS_POINTS_PER_WHOLE;
  return Number(product % BASIS_POINTS_PER_WHOLE === 0n ? quotient : quotient + 1n);
}

/**
 * The smallest whole rupiah amount c with c >= `percent`% of (c + rest): the share a source needs
 * of a total that grows with it. `percent` must be below 100.
 */
export function minimumForPercentOfTotal(rest: number, percent: number): number {
  const basisPoints = toBasisPoints(percent);
  const numerator = basisPoints * BigInt(rest);
  const denominator = BASIS_POINTS_PER_WHOLE - basisPoints;
  const quotient = numerator / denominator;
  return Number(numerator % denominator === 0n ? quotient : quotient + 1n);
}

/**
 * `part` as a percentage of `whole`, rounded down to two decimals and written the Indonesian way
 * (`8%`, `9,99%`). Rounding down keeps a share just under the minimum from reading as the minimum.
 */
export function formatShare(part: number, whole: number): string {
  if (whole <= 0) return '0%';
  return formatBasisPoints((BigInt(part) * BASIS_POINTS_PER_WHOLE) / BigInt(whole));
}

/** A configured percentage (`10`, `12.5`) written the Indonesian way (`10%`, `12,5%`). */
export function formatPercent(percent: number): string {
  return formatBasisPoints(toBasisPoints(percent));
}

function formatBasisPoints(basisPoints: bigint): string {
  const whole = basisPoints / 100n;
  const fraction = (basisPoints % 100n).toString().padStart(2, '0').replace(/0+$/, '');
  return fraction === '' ? `${whole}%` : `${whole},${fraction}%`;
}
