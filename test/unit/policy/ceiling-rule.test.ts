import { describe, expect, it } from 'vitest';
import { checkPolicy } from '../../../functions/domain/policy/check-policy.js';
import { otherProposal, rule2016, ruleSetOf, validContext, withProposal } from './fixtures.js';

const rule = rule2016('DISTRICT_CEILING');
const base = validContext({ ruleSet: ruleSetOf(rule) });
const check = (
  othersTotals: number[],
  changes: Parameters<typeof withProposal>[1] = {},
  statuses: string[] = [],
) => {
  const otherProposals = othersTotals.map((totalAmount, i) =>
    otherProposal({ id: `P-10${i}`, totalAmount, status: statuses[i] ?? 'AWAITING_APPROVAL' }),
  );
  return checkPolicy(withProposal({ ...base, otherProposals }, changes)).findings.map((f) => f.message);
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

  it('given other proposals withdrawn or rejected, when checked, then they no longer count', () => {
    expect(check([3_000_000_000, 3_000_000_000], {}, ['WITHDRAWN', 'REJECTED'])).toEqual([]);
  });

  it('given other proposals returned for revision or failed, when checked, then they still count', () => {
    expect(check([1_500_000_000, 1_500_000_000], {}, ['RETURNED', 'FAILED'])).toHaveLength(1);
  });

  it('given the proposal itself among the others (an earlier revision), when checked, then it is not counted twice', () => {
    const ctx = {
      ...base,
      otherProposals: [otherProposal({ id: base.proposal.id, totalAmount: 3_000_000_000 })],
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
