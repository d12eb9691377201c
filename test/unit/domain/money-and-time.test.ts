import { describe, expect, it } from 'vitest';
import { formatRupiah } from '../../../functions/domain/money.js';
import { formatWita } from '../../../functions/domain/time.js';

describe('formatRupiah', () => {
  it.each([
    [0, 'Rp 0'],
    [999, 'Rp 999'],
    [1000, 'Rp 1.000'],
    [1250000, 'Rp 1.250.000'],
    [1250000000, 'Rp 1.250.000.000'],
    [-5000, '-Rp 5.000'],
  ])('shows %d as %s', (amount, shown) => {
    expect(formatRupiah(amount)).toBe(shown);
  });
});

describe('formatWita', () => {
  it('shows a UTC instant in Makassar time (UTC+8)', () => {
    expect(formatWita('2016-03-01T02:30:00.000Z')).toBe('1 Maret 2016 pukul 10.30 WITA');
  });

  it('rolls over the date when UTC is still the day before', () => {
    expect(formatWita('2016-12-31T20:15:00.000Z')).toBe('1 Januari 2017 pukul 04.15 WITA');
  });
});
