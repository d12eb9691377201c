import { describe, expect, it } from 'vitest';
import {
  formatPercent,
  formatShare,
  isAtLeastPercent,
  minimumForPercent,
  minimumForPercentOfTotal,
} from '../../../functions/domain/policy/shares.js';

describe('share arithmetic', () => {
  it('given 7% of Rp 100, when compared, then Rp 7 is enough although 0.07 × 100 is 7.000000000000001', () => {
    expect(0.07 * 100).toBeGreaterThan(7);
    expect(isAtLeastPercent(7, 100, 7)).toBe(true);
    expect(isAtLeastPercent(6, 100, 7)).toBe(false);
    expect(minimumForPercent(100, 7)).toBe(7);
  });

  it('given amounts near the largest safe integer, when compared, then the result is exact', () => {
    const base = Number.MAX_SAFE_INTEGER - 1; // 9.007.199.254.740.990, divisible by 10
    expect(isAtLeastPercent(base / 10, base, 10)).toBe(true);
    expect(isAtLeastPercent(base / 10 - 1, base, 10)).toBe(false);
  });

  it('given a share that does not divide evenly, when the minimum is computed, then it rounds up to whole rupiah', () => {
    expect(minimumForPercent(333_333_333, 10)).toBe(33_333_334);
    expect(minimumForPercentOfTotal(400, 20)).toBe(100);
    expect(minimumForPercentOfTotal(401, 20)).toBe(101);
  });

  it('given shares, when formatted, then they are floored to two decimals with a decimal comma', () => {
    expect(formatShare(40, 500)).toBe('8%');
    expect(formatShare(49_999_999, 500_000_000)).toBe('9,99%');
    expect(formatShare(1, 8)).toBe('12,5%');
    expect(formatShare(1, 0)).toBe('0%');
    expect(formatPercent(10)).toBe('10%');
    expect(formatPercent(12.34)).toBe('12,34%');
  });
});
