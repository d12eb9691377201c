import { describe, expect, it } from 'vitest';
import { parseRuleSet, RULE_KINDS } from '../../../functions/domain/policy/rule-set.js';
import { RULE_SET_2016_JSON } from './fixtures.js';

const validRule = {
  id: 'a',
  source: 'PROVINSI',
  severity: 'BLOCKING',
  title: 'Aturan uji',
  kind: 'DISTRICT_EXISTS',
  params: {},
};
const ruleSetWith = (...rules: unknown[]) => ({ fiscalYear: 2016, version: 1, description: 'Uji', rules });
const problemsOf = (input: unknown) => {
  const result = parseRuleSet(input);
  if (result.ok) throw new Error('expected the rule set to be refused');
  return result.problems;
};

describe('parseRuleSet', () => {
  it('given data/policies/2016.json, when parsed, then it is version 1 of fiscal year 2016', () => {
    const result = parseRuleSet(RULE_SET_2016_JSON);
    expect(result.ok && { year: result.ruleSet.fiscalYear, version: result.ruleSet.version }).toEqual({
      year: 2016,
      version: 1,
    });
  });

  it('given data/policies/2016.json, when parsed, then it uses every rule kind', () => {
    const result = parseRuleSet(RULE_SET_2016_JSON);
    const kinds = result.ok ? new Set(result.ruleSet.rules.map((rule) => rule.kind)) : new Set();
    expect([...kinds].sort()).toEqual([...RULE_KINDS].sort());
  });

  it('given a rule set with problems in several places, when parsed, then every problem is listed with its path', () => {
    const problems = problemsOf({
      fiscalYear: 2016.5,
      version: 0,
      description: 'Uji',
      extra: true,
      rules: [
        {
          id: 'Bukan Id',
          source: 'DPR',
          severity: 'BLOCKING',
          title: 'Aturan uji',
          kind: 'TIDAK_ADA',
          params: {},
        },
        {
          ...validRule,
          id: 'dak',
          kind: 'BUDGET_SHARING',
          params: {
            whenFundedBy: 'APBN',
            counterpartSource: 'APBN',
            minCounterpartPercent: 10.001,
            basis: 'TRIGGER_SOURCE',
          },
        },
        {
          ...validRule,
          id: 'dak',
          kind: 'DISTRICT_CEILING',
          params: {
            defaultCeiling: -1,
            ceilingsByDistrict: { '73.1': 5, '73.02': 1.5 },
            ignoredStatuses: ['HILANG'],
          },
        },
        {
          ...validRule,
          id: 'mesin',
          kind: 'MACHINE_RESTRUCTURING_LIMITS',
          params: {
            minAmountPerFirm: 10,
            maxAmountPerFirm: 5,
            reimbursementPercent: { domestic: 30, imported: 25 },
          },
        },
        {
          ...validRule,
          id: 'jenis',
          kind: 'PROGRAM_KIND_ALLOWED',
          params: { allowedKinds: ['OVOP', 'OVOP'] },
        },
        {
          ...validRule,
          id: 'sumber',
          kind: 'FUNDING_SOURCES_ALLOWED',
          params: { defaultSources: [], byProgramKind: { PAMERAN: ['APBN'] } },
        },
      ],
    });
    expect(problems.map((problem) => problem.path).sort()).toEqual(
      [
        '',
        'fiscalYear',
        'version',
        'rules[0].id',
        'rules[0].source',
        'rules[0].kind',
        'rules[1].params.minCounterpartPercent',
        'rules[1].params.counterpartSource',
        'rules[2].id',
        // ignoredStatuses is retired for DISTRICT_CEILING: refused like any unknown key.
        'rules[2].params',
        'rules[2].params.defaultCeiling',
        'rules[2].params.ceilingsByDistrict["73.1"]',
        'rules[2].params.ceilingsByDistrict["73.02"]',
        'rules[3].params.maxAmountPerFirm',
        'rules[4].params.allowedKinds[1]',
        'rules[5].params.defaultSources',
        'rules[5].params.byProgramKind',
      ].sort(),
    );
  });

  it('given a rule set with problems, when parsed, then every message is in Bahasa Indonesia', () => {
    const problems = problemsOf({
      fiscalYear: '2016',
      version: 1.5,
      rules: [{ ...validRule, kind: 'X', extra: 1 }],
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        { path: 'fiscalYear', message: 'Harus berupa angka' },
        { path: 'version', message: 'Harus bilangan bulat' },
        { path: 'description', message: 'Wajib diisi' },
        { path: 'rules[0]', message: 'Kolom tidak dikenal: extra' },
        {
          path: 'rules[0].kind',
          message: expect.stringMatching(/^Jenis aturan \(kind\) tidak dikenal; pilihan: DISTRICT_EXISTS/),
        },
      ]),
    );
  });

  it('given two rules with the same id, when parsed, then the second is refused naming the first', () => {
    const problems = problemsOf(
      ruleSetWith(validRule, { ...validRule, kind: 'OVOP_MIN_CENTRES', params: { minIkmCentres: 2 } }),
    );
    expect(problems).toEqual([
      { path: 'rules[1].id', message: 'Id aturan "a" sudah dipakai oleh rules[0]; id harus unik' },
    ]);
  });

  it('given two rules of the same kind with different ids, when parsed, then it is accepted', () => {
    const result = parseRuleSet(ruleSetWith(validRule, { ...validRule, id: 'b', severity: 'WARNING' }));
    expect(result.ok).toBe(true);
  });

  it('given no rules, when parsed, then it is refused', () => {
    expect(problemsOf(ruleSetWith())).toEqual([{ path: 'rules', message: 'Minimal 1 butir' }]);
  });

  it('given a percentage with two decimals, when parsed, then it is accepted; with three, refused', () => {
    const sharing = (minCounterpartPercent: number) =>
      ruleSetWith({
        ...validRule,
        kind: 'BUDGET_SHARING',
        params: {
          whenFundedBy: 'APBN',
          counterpartSource: 'APBD_PROVINSI',
          minCounterpartPercent,
          basis: 'TOTAL',
        },
      });
    expect(parseRuleSet(sharing(12.34)).ok).toBe(true);
    expect(parseRuleSet(sharing(100)).ok).toBe(true);
    expect(problemsOf(sharing(12.345))).toEqual([
      { path: 'rules[0].params.minCounterpartPercent', message: 'Harus kelipatan 0,01' },
    ]);
    expect(problemsOf(sharing(0))).toEqual([
      { path: 'rules[0].params.minCounterpartPercent', message: 'Harus lebih dari 0' },
    ]);
    expect(problemsOf(sharing(100.01))).toEqual([
      { path: 'rules[0].params.minCounterpartPercent', message: 'Maksimal 100' },
    ]);
  });

  it('given a parameter unknown to its rule kind, when parsed, then it is refused rather than ignored', () => {
    const problems = problemsOf(
      ruleSetWith({ ...validRule, kind: 'OVOP_MIN_CENTRES', params: { minIkmCentres: 2, minSentra: 3 } }),
    );
    expect(problems).toEqual([{ path: 'rules[0].params', message: 'Kolom tidak dikenal: minSentra' }]);
  });

  it('given something that is not an object, when parsed, then it is refused without throwing', () => {
    expect(problemsOf(null)).toEqual([{ path: '', message: 'Harus berupa objek' }]);
    expect(problemsOf([1, 2])).toHaveLength(1);
  });
});
