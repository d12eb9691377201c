import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BudgetPool } from '../../../functions/domain/budget.js';
import { MAX_FUNDING_LINE_AMOUNT, MAX_POOL_CEILING } from '../../../functions/domain/money.js';
import { poolTotalsBySource } from '../../../functions/domain/pool-ceiling.js';
import { FUNDING_SOURCES, proposalInputSchema, totalOf } from '../../../functions/domain/proposal.js';

const body = (amounts: number[]) => ({
  fiscalYear: 2016,
  districtCode: '73.71',
  title: 'Penumbuhan wirausaha baru kakao',
  programKind: 'WIRAUSAHA_BARU',
  commodity: 'kakao',
  targets: {},
  funding: amounts.map((amount, i) => ({ source: FUNDING_SOURCES[i], amount })),
});

describe('Rupiah caps keep every derived number exact', () => {
  it('Given three lines each just under 2^53 (the old cap) When validated Then the body is refused with a message per line', () => {
    const huge = Number.MAX_SAFE_INTEGER - 1;
    const parsed = proposalInputSchema.safeParse(body([huge, huge, huge]));
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join('.'))).toEqual([
      'funding.0.amount',
      'funding.1.amount',
      'funding.2.amount',
    ]);
    expect(parsed.error?.issues[0]?.message).toContain('Rp 1.000.000.000.000');
  });

  it('Given any accepted proposal body When its total is derived Then it is a safe integer', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: MAX_FUNDING_LINE_AMOUNT }), { minLength: 1, maxLength: 3 }),
        (amounts) => {
          const parsed = proposalInputSchema.safeParse(body(amounts));
          expect(parsed.success).toBe(true);
          if (parsed.success) expect(Number.isSafeInteger(totalOf(parsed.data.funding))).toBe(true);
        },
      ),
    );
  });

  it('Given a year of 26 pools at any ceilings up to the cap When reports sum them Then every sum is a safe integer', () => {
    const pool = fc
      .tuple(fc.integer({ min: 0, max: MAX_POOL_CEILING }), fc.double({ min: 0, max: 1, noNaN: true }))
      .map(([ceiling, share]) => {
        const allocated = Math.floor(ceiling * share);
        return { ceiling, allocated, remaining: ceiling - allocated, waiting: 0 };
      });
    fc.assert(
      fc.property(fc.array(pool, { minLength: 26, maxLength: 26 }), (figures) => {
        const pools: BudgetPool[] = figures.map((f, i) =>
          i < 2
            ? { fiscalYear: 2016, source: FUNDING_SOURCES[i] ?? 'APBN', ...f }
            : { fiscalYear: 2016, source: 'APBD_KABUPATEN_KOTA', districtCode: `73.${i}`, ...f },
        );
        const totals = poolTotalsBySource(pools);
        const all = Object.values(totals).flatMap((t) => [t.ceiling, t.allocated, t.remaining]);
        const grand = Object.values(totals).reduce((sum, t) => sum + t.ceiling, 0);
        for (const n of [...all, grand]) expect(Number.isSafeInteger(n)).toBe(true);
      }),
    );
  });
});
