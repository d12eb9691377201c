import { parseRuleSet, type RuleSet } from '../../domain/policy/rule-set.js';
import { referenceRepository } from './reference-repository.js';

/** The rule set in force for a year, validated on the way out: stored data is never trusted blindly. */
export async function latestRuleSet(fiscalYear: number): Promise<RuleSet> {
  const stored = await referenceRepository.latestRuleSet(fiscalYear);
  if (!stored) throw new RuleSetMissingError(`no rule set for fiscal year ${fiscalYear}`);
  const parsed = parseRuleSet(withoutRetiredParams(stored.document));
  if (!parsed.ok)
    throw new Error(
      `stored rule set ${fiscalYear} v${stored.version} is invalid: ${parsed.problems[0]?.message}`,
    );
  return parsed.ruleSet;
}

export class RuleSetMissingError extends Error {
  override readonly name = 'RuleSetMissing';
}

/**
 * DISTRICT_CEILING once took `ignoredStatuses`; which proposals count is now fixed by the
 * district's committed counter (district-commitment.ts). Rule sets stored before that still load;
 * a new one that names it is refused like any unknown field.
 */
function withoutRetiredParams(document: unknown): unknown {
  if (!isRecord(document) || !Array.isArray(document.rules)) return document;
  return {
    ...document,
    rules: document.rules.map((rule: unknown) => {
      if (!isRecord(rule) || rule.kind !== 'DISTRICT_CEILING' || !isRecord(rule.params)) return rule;
      const { ignoredStatuses: _retired, ...params } = rule.params;
      return { ...rule, params };
    }),
  };
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
