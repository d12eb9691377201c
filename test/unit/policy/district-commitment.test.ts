import { describe, expect, it } from 'vitest';
import {
  blockingCeilingOf,
  ceilingOfDistrict,
  committedByOthers,
} from '../../../functions/domain/policy/district-commitment.js';
import { rule2016, ruleSetOf } from './fixtures.js';

describe('district commitment (the DISTRICT_CEILING rule input)', () => {
  it('given a counter and no claim of this proposal, when weighed, then the whole counter is the others', () => {
    expect(committedByOthers({ amount: 900, proposals: 3 }, null)).toEqual({ amount: 900, proposals: 3 });
  });

  it('given the proposal already holds part of the counter (a retried check), when weighed, then its own part is left out', () => {
    expect(committedByOthers({ amount: 900, proposals: 3 }, { amount: 400 })).toEqual({
      amount: 500,
      proposals: 2,
    });
  });

  it('given a district with its own ceiling and one without, when asked, then each gets its own or the default', () => {
    const params = { defaultCeiling: 10, ceilingsByDistrict: { '73.71': 35 } };
    expect(ceilingOfDistrict(params, '73.71')).toBe(35);
    expect(ceilingOfDistrict(params, '73.02')).toBe(10);
  });

  it('given two blocking ceiling rules and a warning one, when the store asks which ceiling to enforce, then the tightest blocking one', () => {
    const stock = rule2016('DISTRICT_CEILING');
    const tighter = {
      ...stock,
      id: 'pagu-ketat',
      params: { ...stock.params, ceilingsByDistrict: { '73.71': 1_000_000_000 } },
    };
    const warning = {
      ...stock,
      id: 'pagu-peringatan',
      severity: 'WARNING' as const,
      params: { ...stock.params, ceilingsByDistrict: { '73.71': 1 } },
    };
    expect(blockingCeilingOf(ruleSetOf(stock, tighter, warning), '73.71')).toBe(1_000_000_000);
    expect(blockingCeilingOf(ruleSetOf(stock), '73.71')).toBe(3_500_000_000);
    expect(blockingCeilingOf(ruleSetOf(warning), '73.71')).toBeUndefined();
  });
});
