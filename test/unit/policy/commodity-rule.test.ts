import { describe, expect, it } from 'vitest';
import { checkPolicy } from '../../../functions/domain/policy/check-policy.js';
import { matchCommodity } from '../../../functions/domain/policy/commodity-match.js';
import { rule2016, ruleOf, ruleSetOf, validContext, withProposal } from './fixtures.js';

const rule = rule2016('COMMODITY_RECOGNISED');
const ctx = validContext({ ruleSet: ruleSetOf(rule) });
const check = (districtCode: string, commodity: string) =>
  checkPolicy(withProposal(ctx, { districtCode, commodity })).findings.map((f) => f.message);

describe('matchCommodity', () => {
  const containment = { matching: 'WORD_CONTAINMENT' as const, aliases: {}, distinctPhrases: [] };

  it('given a commodity with different case and spacing, when matched, then it equals the entry', () => {
    expect(matchCommodity('  Rumput   LAUT ', ['rumput laut'], { ...containment, matching: 'EXACT' })).toBe(
      'rumput laut',
    );
  });

  it('given a more specific commodity, when matched by word containment, then it counts as the shorter entry', () => {
    expect(matchCommodity('kopi arabika kalosi', ['kopi'], containment)).toBe('kopi');
    expect(matchCommodity('pengolahan rumput laut', ['rumput laut'], containment)).toBe('rumput laut');
  });

  it('given a more general commodity, when matched, then it does not count as the more specific entry', () => {
    expect(matchCommodity('kopi', ['kopi arabika kalosi'], containment)).toBeUndefined();
  });

  it('given a word that only contains the entry as letters, when matched, then it does not count', () => {
    expect(matchCommodity('kopiah', ['kopi'], containment)).toBeUndefined();
    expect(matchCommodity('laut rumput', ['rumput laut'], containment)).toBeUndefined();
  });

  it('given EXACT matching, when a more specific commodity is matched, then it does not count', () => {
    expect(matchCommodity('kopi arabika', ['kopi'], { ...containment, matching: 'EXACT' })).toBeUndefined();
  });

  it('given a distinct phrase "kelapa sawit", when matched against "kelapa", then it does not count', () => {
    const rules = { ...containment, distinctPhrases: ['kelapa sawit'] };
    expect(matchCommodity('minyak kelapa sawit', ['kelapa'], rules)).toBeUndefined();
    expect(matchCommodity('kelapa sawit', ['kelapa sawit'], rules)).toBe('kelapa sawit');
    expect(matchCommodity('kelapa sawit dan kelapa', ['kelapa'], rules)).toBe('kelapa');
  });

  it('given an alias, when matched, then it counts as its entry, also inside a longer name', () => {
    const rules = { ...containment, aliases: { kakao: ['cokelat'] } };
    expect(matchCommodity('cokelat batangan', ['kakao'], rules)).toBe('kakao');
    expect(matchCommodity('cokelat', ['kopi'], rules)).toBeUndefined();
  });
});

describe('COMMODITY_RECOGNISED (komoditas-unggulan-kiid, 2016)', () => {
  it("given Enrekang's own leading commodity, when checked, then it passes", () => {
    expect(check('73.16', 'dangke')).toEqual([]);
  });

  it('given a province KIID commodity in a district that does not list it, when checked, then it passes', () => {
    expect(check('73.06', 'markisa')).toEqual([]);
  });

  it('given a province leading industry (hasil hutan) named more precisely, when checked, then it passes', () => {
    expect(check('73.07', 'hasil hutan bukan kayu')).toEqual([]);
  });

  it('given "kopi arabika kalosi" in Gowa, when checked, then it counts as the KIID commodity kopi', () => {
    expect(check('73.06', 'kopi arabika kalosi')).toEqual([]);
  });

  it('given "cokelat" (an alias of kakao) in Gowa, when checked, then it passes', () => {
    expect(check('73.06', 'cokelat')).toEqual([]);
  });

  it('given "kelapa sawit" in Gowa, when checked, then it is refused although "kelapa" is a KIID commodity', () => {
    expect(check('73.06', 'kelapa sawit')).toHaveLength(1);
  });

  it('given "kelapa sawit" in Luwu Timur, which lists it, when checked, then it passes', () => {
    expect(check('73.24', 'kelapa sawit')).toEqual([]);
  });

  it("given another district's leading commodity (dangke) in Gowa, when checked, then it is refused naming every list", () => {
    expect(check('73.06', 'dangke')).toEqual([
      'Komoditas "dangke" tidak termasuk komoditas unggulan Kabupaten Gowa (belum ada yang terdaftar), ' +
        'fokus KIID provinsi (kakao, kelapa, kopi, jagung, markisa, rumput laut, sutera), maupun industri unggulan ' +
        'provinsi (kopi, kakao, rumput laut, kain sutera, markisa, hasil hutan). Nama yang lebih rinci diterima bila ' +
        'memuat salah satu nama itu (mis. "kopi arabika" untuk "kopi"). Pilih komoditas yang sesuai atau ajukan ' +
        'penambahan komoditas unggulan kepada Dinas.',
    ]);
  });

  it('given an unknown district, when the rule needs its list, then it stays silent (the district rule speaks)', () => {
    expect(check('73.99', 'batu akik')).toEqual([]);
  });

  it('given an unknown district and a rule on province lists only, when checked, then it still judges', () => {
    const provinceOnly = ruleOf('COMMODITY_RECOGNISED', {
      ...rule.params,
      referenceLists: ['PROVINCE_KIID'],
    });
    const provinceCtx = validContext({ ruleSet: ruleSetOf(provinceOnly) });
    const findings = checkPolicy(
      withProposal(provinceCtx, { districtCode: '73.99', commodity: 'batu akik' }),
    ).findings;
    expect(findings.map((f) => f.message)).toEqual([
      expect.stringMatching(/^Komoditas "batu akik" tidak termasuk fokus KIID provinsi \(kakao/),
    ]);
  });
});
