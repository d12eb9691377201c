import { readFileSync } from 'node:fs';
import type { District, ProvinceReference } from '../../../functions/domain/district.js';
import { indexDistricts, parseDistrictsCsv } from '../../../functions/domain/districts-csv.js';
import type { OtherProposal, PolicyContext } from '../../../functions/domain/policy/check-policy.js';
import type { Rule, RuleSet } from '../../../functions/domain/policy/rule-set.js';
import { parseRuleSet } from '../../../functions/domain/policy/rule-set.js';

const dataFile = (name: string): string =>
  readFileSync(new URL(`../../../data/${name}`, import.meta.url), 'utf8');

export const DISTRICT_LIST: District[] = parseDistrictsCsv(dataFile('districts.csv'));
export const DISTRICTS = indexDistricts(DISTRICT_LIST);
export const PROVINCE: ProvinceReference = JSON.parse(dataFile('province.json'));
export const RULE_SET_2016_JSON: unknown = JSON.parse(dataFile('policies/2016.json'));

export function ruleSet2016(): RuleSet {
  const parsed = parseRuleSet(RULE_SET_2016_JSON);
  if (!parsed.ok) throw new Error(`2016 rule set invalid: ${JSON.stringify(parsed.problems)}`);
  return parsed.ruleSet;
}

/** A rule set of one rule, so a test sees only that rule's findings. */
export const ruleSetOf = (...rules: Rule[]): RuleSet => ({
  fiscalYear: 2016,
  version: 7,
  description: 'Aturan uji',
  rules,
});

/**
 * Kota Makassar, WIRAUSAHA_BARU on kakao (a KIID commodity), Rp 850.000.000 of which APBN
 * Rp 500.000.000 and the city's own APBD Rp 100.000.000 (20% of APBN): passes the 2016 rules.
 */
export function validContext(overrides: Partial<PolicyContext> = {}): PolicyContext {
  return {
    proposal: {
      id: 'P-0001',
      revision: 1,
      fiscalYear: 2016,
      districtCode: '73.71',
      title: 'Penumbuhan wirausaha baru pengolahan kakao',
      programKind: 'WIRAUSAHA_BARU',
      commodity: 'kakao',
      description: '',
      targets: { newEntrepreneurs: 40, jobsCreated: 120, ikmUnits: 20 },
      funding: [
        { source: 'APBN', amount: 500_000_000 },
        { source: 'APBD_PROVINSI', amount: 250_000_000 },
        { source: 'APBD_KABUPATEN_KOTA', amount: 100_000_000 },
      ],
    },
    ruleSet: ruleSet2016(),
    districts: DISTRICTS,
    province: PROVINCE,
    otherProposals: [],
    districtCommitted: { amount: 0, proposals: 0 },
    ...overrides,
  };
}

/** The context with the proposal changed. */
export const withProposal = (
  ctx: PolicyContext,
  changes: Partial<PolicyContext['proposal']>,
): PolicyContext => ({ ...ctx, proposal: { ...ctx.proposal, ...changes } });

export const otherProposal = (overrides: Partial<OtherProposal> = {}): OtherProposal => ({
  id: 'P-0999',
  title: 'Pelatihan desain kemasan kopi',
  programKind: 'KEMASAN',
  commodity: 'kopi',
  totalAmount: 100_000_000,
  status: 'AWAITING_APPROVAL',
  ...overrides,
});

/** A rule of the given kind with test metadata, typed by its kind's params. */
export function ruleOf<K extends Rule['kind']>(
  kind: K,
  params: Extract<Rule, { kind: K }>['params'],
  meta: Partial<Pick<Rule, 'id' | 'source' | 'severity'>> = {},
): Rule {
  return {
    id: meta.id ?? 'aturan-uji',
    source: meta.source ?? 'PROVINSI',
    severity: meta.severity ?? 'BLOCKING',
    title: 'Aturan uji',
    kind,
    params,
  } as Rule;
}

/** The 2016 rule of the given kind (the file has exactly one of each). */
export function rule2016<K extends Rule['kind']>(kind: K): Extract<Rule, { kind: K }> {
  const found = ruleSet2016().rules.find((rule): rule is Extract<Rule, { kind: K }> => rule.kind === kind);
  if (!found) throw new Error(`2016 has no ${kind} rule`);
  return found;
}
