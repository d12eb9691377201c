import { parseRuleSet, type RuleSet } from '../../domain/policy/rule-set.js';
import { referenceRepository } from './reference-repository.js';

/** The rule set in force for a year, validated on the way out: stored data is never trusted blindly. */
export async function latestRuleSet(fiscalYear: number): Promise<RuleSet> {
  const stored = await referenceRepository.latestRuleSet(fiscalYear);
  if (!stored) throw new RuleSetMissingError(`no rule set for fiscal year ${fiscalYear}`);
  const parsed = parseRuleSet(stored.document);
  if (!parsed.ok)
    throw new Error(
      `stored rule set ${fiscalYear} v${stored.version} is invalid: ${parsed.problems[0]?.message}`,
    );
  return parsed.ruleSet;
}

export class RuleSetMissingError extends Error {
  override readonly name = 'RuleSetMissing';
}
