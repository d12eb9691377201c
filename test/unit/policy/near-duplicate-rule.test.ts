import { describe, expect, it } from 'vitest';
import { checkPolicy } from '../../../functions/domain/policy/check-policy.js';
import type { Rule } from '../../../functions/domain/policy/rule-set.js';
import { titleSimilarity } from '../../../functions/domain/policy/text.js';
import { otherProposal, rule2016, ruleOf, ruleSetOf, validContext } from './fixtures.js';

const rule = rule2016('NEAR_DUPLICATE');
const sameKindAndCommodity = { programKind: 'WIRAUSAHA_BARU' as const, commodity: 'kakao' };
const check = (others: ReturnType<typeof otherProposal>[], r: Rule = rule) =>
  checkPolicy(validContext({ ruleSet: ruleSetOf(r), otherProposals: others }));

describe('titleSimilarity', () => {
  it('given titles that differ in case, spacing and punctuation only, when compared, then they are identical', () => {
    expect(titleSimilarity('Pelatihan  Kemasan, Kopi', 'pelatihan kemasan kopi')).toBe(1);
  });

  it('given titles with no letter pair in common, when compared, then the similarity is 0', () => {
    expect(titleSimilarity('abc', 'xyz')).toBe(0);
  });

  it('given a title with "angkatan II" added, when compared, then it stays above the 2016 threshold of 0,7', () => {
    const similarity = titleSimilarity(
      'Penumbuhan wirausaha baru pengolahan kakao',
      'Penumbuhan wirausaha baru pengolahan kakao angkatan II',
    );
    expect(similarity).toBeGreaterThanOrEqual(0.7);
    expect(similarity).toBeLessThan(1);
  });
});

describe('NEAR_DUPLICATE (usulan-ganda, a warning in 2016)', () => {
  it('given a live proposal of the same kind and commodity with a near-identical title, when checked, then it warns naming it', () => {
    const result = check([
      otherProposal({
        ...sameKindAndCommodity,
        id: 'P-0042',
        title: 'Penumbuhan wirausaha baru pengolahan kakao II',
      }),
    ]);
    expect(result.outcome).toBe('WARN');
    expect(result.findings).toEqual([
      {
        ruleId: 'usulan-ganda',
        source: 'PROVINSI',
        severity: 'WARNING',
        message:
          'Usulan ini mirip dengan usulan P-0042 "Penumbuhan wirausaha baru pengolahan kakao II" (Penumbuhan ' +
          'Wirausaha Baru, komoditas kakao, status Menunggu Persetujuan, kemiripan judul 96%). Pastikan tidak ' +
          'terjadi pendanaan ganda: gabungkan kedua usulan atau bedakan sasaran dan lokasinya.',
      },
    ]);
  });

  it('given the same kind and commodity but a different title, when checked, then it passes', () => {
    expect(
      check([otherProposal({ ...sameKindAndCommodity, title: 'Pelatihan desain kemasan cokelat' })]).findings,
    ).toEqual([]);
  });

  it('given the same title but another kind or another commodity, when checked, then it passes', () => {
    const title = validContext().proposal.title;
    expect(
      check([otherProposal({ ...sameKindAndCommodity, title, programKind: 'PELATIHAN' })]).findings,
    ).toEqual([]);
    expect(check([otherProposal({ ...sameKindAndCommodity, title, commodity: 'kopi' })]).findings).toEqual(
      [],
    );
  });

  it('given the commodity written with other case and spaces, when checked, then it is the same commodity', () => {
    const title = validContext().proposal.title;
    expect(
      check([otherProposal({ ...sameKindAndCommodity, title, commodity: ' Kakao ' })]).findings,
    ).toHaveLength(1);
  });

  it('given a similar proposal that was withdrawn or rejected, when checked, then it is ignored', () => {
    const title = validContext().proposal.title;
    const others = ['WITHDRAWN', 'REJECTED'].map((status) =>
      otherProposal({ ...sameKindAndCommodity, title, status }),
    );
    expect(check(others).findings).toEqual([]);
  });

  it('given a similarity threshold of 0, when any proposal has the same kind and commodity, then it warns without a similarity', () => {
    const anySame = ruleOf(
      'NEAR_DUPLICATE',
      { minTitleSimilarity: 0, ignoredStatuses: [] },
      { severity: 'WARNING' },
    );
    const findings = check([otherProposal({ ...sameKindAndCommodity, title: 'xyz' })], anySame).findings;
    expect(findings.map((f) => f.message)).toEqual([
      expect.stringContaining('status Menunggu Persetujuan). Pastikan'),
    ]);
  });

  it('given two similar proposals, when checked, then it warns once for each, in the given order', () => {
    const title = validContext().proposal.title;
    const others = ['P-2', 'P-1'].map((id) => otherProposal({ ...sameKindAndCommodity, id, title }));
    expect(
      check(others).findings.map((f) => /^Usulan ini mirip dengan usulan (P-\d+) /.exec(f.message)?.[1]),
    ).toEqual(['P-2', 'P-1']);
  });
});
