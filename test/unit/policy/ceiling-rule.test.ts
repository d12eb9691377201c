import { describe, expect, it } from 'vitest';
import { checkPolicy } from '../../../functions/domain/policy/check-policy.js';
import { otherProposal, rule2016, ruleSetOf, validContext, withProposal } from './fixtures.js';

const rule = rule2016('DISTRICT_CEILING');
const base = validContext({ ruleSet: ruleSetOf(rule) });
/** The rule weighed against what the district's other proposals committed: their totals. */
const check = (othersTotals: number[], changes: Parameters<typeof withProposal>[1] = {}) => {
  const districtCommitted = {
    amount: othersTotals.reduce((sum, t) => sum + t, 0),
    proposals: othersTotals.length,
  };
  return checkPolicy(withProposal({ ...base, districtCommitted }, changes)).findings.map((f) => f.message);
};

describe('DISTRICT_CEILING (pagu-indikatif-kabupaten-kota, 2016)', () => {
  it('given Kota Makassar (pagu Rp 3.500.000.000) exactly at its ceiling with other proposals, when checked, then it passes', () => {
    expect(check([2_000_000_000, 650_000_000])).toEqual([]);
  });

  it('given one rupiah over the ceiling, when checked, then the finding shows the sum, its parts and the excess', () => {
    expect(check([2_000_000_000, 650_000_001])).toEqual([
      'Total usulan Kota Makassar TA 2016 menjadi Rp 3.500.000.001 (usulan ini Rp 850.000.000 ditambah 2 usulan ' +
        'lain Rp 2.650.000.001), melebihi pagu indikatif Kota Makassar TA 2016 Rp 3.500.000.000 sebesar Rp 1. ' +
        'Kurangi usulan ini sedikitnya Rp 1 atau tarik usulan lain.',
    ]);
  });

  it('given a district without its own ceiling (Bulukumba), when checked, then the default Rp 2.500.000.000 applies', () => {
    expect(check([1_650_000_000], { districtCode: '73.02' })).toEqual([]);
    expect(check([1_650_000_001], { districtCode: '73.02' })).toEqual([
      expect.stringContaining(
        'melebihi pagu indikatif Kabupaten Bulukumba TA 2016 Rp 2.500.000.000 sebesar Rp 1.',
      ),
    ]);
  });

  it('given other live proposals that have not committed (still being checked), when checked, then only the committed amount counts', () => {
    const ctx = {
      ...base,
      otherProposals: [otherProposal({ totalAmount: 3_000_000_000, status: 'POLICY_CHECK' })],
      districtCommitted: { amount: 0, proposals: 0 },
    };
    expect(checkPolicy(ctx).findings).toEqual([]);
  });

  it('given a proposal that alone exceeds the ceiling, when checked, then the finding speaks of this proposal only', () => {
    const alone = withProposal(base, { funding: [{ source: 'APBD_PROVINSI', amount: 3_600_000_000 }] });
    expect(checkPolicy(alone).findings.map((f) => f.message)).toEqual([
      'Usulan ini Rp 3.600.000.000 melebihi pagu indikatif Kota Makassar TA 2016 Rp 3.500.000.000 sebesar ' +
        'Rp 100.000.000. Kurangi usulan sedikitnya Rp 100.000.000.',
    ]);
  });

  it('given other proposals that already use the whole ceiling, when checked, then it says what is left (Rp 0)', () => {
    expect(check([3_600_000_000])).toEqual([
      expect.stringMatching(
        /Sisa pagu setelah usulan lain Rp 0; kurangi usulan ini atau tarik usulan lain\.$/,
      ),
    ]);
  });

  it('given an unknown district, when checked, then the default ceiling applies and the code is named', () => {
    expect(check([1_650_000_001], { districtCode: '73.99' })).toEqual([
      expect.stringContaining('pagu indikatif kabupaten/kota 73.99 TA 2016 Rp 2.500.000.000'),
    ]);
  });
});
