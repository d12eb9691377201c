import { describe, expect, it } from 'vitest';
import { needsOf, samePool, shortfallNote, shortfallOf } from '../../../functions/domain/waitlist.js';

const proposal = {
  fiscalYear: 2016,
  districtCode: '73.71',
  funding: [
    { source: 'APBN' as const, amount: 300_000_000 },
    { source: 'APBD_KABUPATEN_KOTA' as const, amount: 60_000_000 },
  ],
};

describe('the waitlist (domain)', () => {
  it("given a shared-funding proposal, when its needs are listed, then each line draws on its own pool, the district's for APBD Kabupaten/Kota", () => {
    expect(needsOf(proposal)).toEqual([
      { pool: { fiscalYear: 2016, source: 'APBN' }, amount: 300_000_000 },
      {
        pool: { fiscalYear: 2016, source: 'APBD_KABUPATEN_KOTA', districtCode: '73.71' },
        amount: 60_000_000,
      },
    ]);
  });

  it('given pools of the same source, when compared, then only the same year and district is the same pool', () => {
    const kab = { fiscalYear: 2016, source: 'APBD_KABUPATEN_KOTA' as const, districtCode: '73.71' };
    expect(samePool(kab, { ...kab })).toBe(true);
    expect(samePool(kab, { ...kab, districtCode: '73.72' })).toBe(false);
    expect(samePool(kab, { ...kab, fiscalYear: 2017 })).toBe(false);
  });

  it('given a pool with enough money and nobody waiting, when a new approval asks, then it can fund it', () => {
    expect(shortfallOf({ remaining: 100, waiting: 0 }, 100, false)).toBeNull();
  });

  it('given a pool with enough money but proposals waiting, when a new approval asks, then it queues behind them', () => {
    expect(shortfallOf({ remaining: 100, waiting: 2 }, 50, false)).toEqual({
      kind: 'QUEUE',
      remaining: 100,
      waiting: 2,
    });
  });

  it('given a pool with enough money and proposals waiting, when one already in its queue asks, then the money is all that counts', () => {
    expect(shortfallOf({ remaining: 100, waiting: 2 }, 50, true)).toBeNull();
  });

  it('given too little money or no pool at all, when anyone asks, then it is short', () => {
    expect(shortfallOf({ remaining: 99, waiting: 0 }, 100, true)).toEqual({ kind: 'SHORT', remaining: 99 });
    expect(shortfallOf(null, 1, false)).toEqual({ kind: 'NO_POOL' });
  });

  it('given each kind of shortfall, when noted for the audit trail, then it says why in Indonesian', () => {
    const [apbn, kab] = needsOf(proposal);
    if (!apbn || !kab) throw new Error('two needs expected');
    expect(shortfallNote(apbn, { kind: 'SHORT', remaining: 1_000_000 })).toBe(
      'Sisa pagu APBN TA 2016 Rp 1.000.000, dibutuhkan Rp 300.000.000',
    );
    expect(shortfallNote(kab, { kind: 'NO_POOL' })).toBe(
      'Pagu APBD Kabupaten/Kota 73.71 TA 2016 belum ditetapkan',
    );
    expect(shortfallNote(apbn, { kind: 'QUEUE', remaining: 900_000_000, waiting: 3 })).toBe(
      'Sisa pagu APBN TA 2016 Rp 900.000.000, tetapi 3 usulan lebih dahulu menunggu',
    );
  });
});
