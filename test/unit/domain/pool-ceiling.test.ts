import { describe, expect, it } from 'vitest';
import type { BudgetPool } from '../../../functions/domain/budget.js';
import { DomainError } from '../../../functions/domain/errors.js';
import {
  comparePools,
  drawsOnPool,
  planCeilingChange,
  poolLabel,
  poolTotalsBySource,
} from '../../../functions/domain/pool-ceiling.js';

const pool = (overrides: Partial<BudgetPool> = {}): BudgetPool => ({
  fiscalYear: 2016,
  source: 'APBD_KABUPATEN_KOTA',
  districtCode: '73.71',
  ceiling: 1_500_000_000,
  allocated: 1_250_000,
  remaining: 1_498_750_000,
  waiting: 0,
  ...overrides,
});

describe('planCeilingChange', () => {
  it('creates a missing pool with nothing allocated', () => {
    expect(planCeilingChange(null, { fiscalYear: 2017, source: 'APBN', districtCode: '73.71' }, 500)).toEqual(
      {
        kind: 'create',
        after: { fiscalYear: 2017, source: 'APBN', ceiling: 500, allocated: 0, remaining: 500, waiting: 0 },
      },
    );
  });

  it('moves remaining by the same delta as the ceiling, up or down', () => {
    const raised = planCeilingChange(pool(), pool(), 2_000_000_000);
    expect(raised).toMatchObject({ kind: 'change', delta: 500_000_000 });
    expect(raised.after).toMatchObject({
      ceiling: 2_000_000_000,
      allocated: 1_250_000,
      remaining: 1_998_750_000,
    });
    const lowered = planCeilingChange(pool(), pool(), 1_250_000);
    expect(lowered).toMatchObject({ kind: 'change', delta: -1_498_750_000 });
    expect(lowered.after.remaining).toBe(0);
  });

  it('calls an equal ceiling unchanged', () => {
    expect(planCeilingChange(pool(), pool(), 1_500_000_000).kind).toBe('unchanged');
  });

  it('refuses a ceiling below what is allocated, naming the amount in rupiah', () => {
    let error: unknown;
    try {
      planCeilingChange(pool(), pool(), 1_000_000);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'CONFLICT', httpStatus: 409 });
    expect((error as DomainError).message).toContain('sudah dialokasikan Rp 1.250.000');
    expect((error as DomainError).message).toContain('Rp 1.000.000');
  });
});

describe('drawsOnPool', () => {
  const proposal = {
    fiscalYear: 2016,
    districtCode: '73.72',
    funding: [
      { source: 'APBN' as const, amount: 1 },
      { source: 'APBD_KABUPATEN_KOTA' as const, amount: 1 },
    ],
  };

  it('matches province pools by source and district pools by source and district', () => {
    expect(drawsOnPool(proposal, { fiscalYear: 2016, source: 'APBN' })).toBe(true);
    expect(drawsOnPool(proposal, { fiscalYear: 2016, source: 'APBD_PROVINSI' })).toBe(false);
    expect(
      drawsOnPool(proposal, { fiscalYear: 2016, source: 'APBD_KABUPATEN_KOTA', districtCode: '73.72' }),
    ).toBe(true);
    expect(
      drawsOnPool(proposal, { fiscalYear: 2016, source: 'APBD_KABUPATEN_KOTA', districtCode: '73.71' }),
    ).toBe(false);
    expect(drawsOnPool(proposal, { fiscalYear: 2017, source: 'APBN' })).toBe(false);
  });
});

describe('pool listings', () => {
  it('total every source, zero where a source has no pool', () => {
    const totals = poolTotalsBySource([
      pool(),
      pool({ districtCode: '73.72', ceiling: 10, allocated: 4, remaining: 6 }),
      pool({ source: 'APBN', districtCode: undefined, ceiling: 100, allocated: 0, remaining: 100 }),
    ]);
    expect(totals).toEqual({
      APBN: { ceiling: 100, allocated: 0, remaining: 100 },
      APBD_PROVINSI: { ceiling: 0, allocated: 0, remaining: 0 },
      APBD_KABUPATEN_KOTA: { ceiling: 1_500_000_010, allocated: 1_250_004, remaining: 1_498_750_006 },
    });
  });

  it('sort by source order, then district code', () => {
    const sorted = [
      pool({ districtCode: '73.72' }),
      pool({ source: 'APBD_PROVINSI', districtCode: undefined }),
      pool({ districtCode: '73.01' }),
      pool({ source: 'APBN', districtCode: undefined }),
    ].sort(comparePools);
    expect(sorted.map((p) => `${p.source}${p.districtCode ?? ''}`)).toEqual([
      'APBN',
      'APBD_PROVINSI',
      'APBD_KABUPATEN_KOTA73.01',
      'APBD_KABUPATEN_KOTA73.72',
    ]);
  });

  it('name a pool the way the office does', () => {
    expect(poolLabel({ fiscalYear: 2016, source: 'APBD_KABUPATEN_KOTA', districtCode: '73.71' })).toBe(
      'APBD Kabupaten/Kota 73.71 TA 2016',
    );
    expect(poolLabel({ fiscalYear: 2016, source: 'APBD_PROVINSI' })).toBe('APBD Provinsi TA 2016');
  });
});
