import type { RuleSet } from '../../domain/policy/rule-set.js';
import * as referenceRepository from './reference-repository.js';
import { type StoredDocument, validatedWhenStored } from './versioned-documents.js';

/** The rule set in force for a year. */
export async function latestRuleSet(fiscalYear: number): Promise<RuleSet> {
  return ruleSetOf(fiscalYear, await referenceRepository.latestRuleSet(fiscalYear));
}

/**
 * The rule set of a LATEST item read (null: the year has none), as it was validated when stored
 * (see `validatedWhenStored`). A version stored while DISTRICT_CEILING still took
 * `ignoredStatuses` keeps that field; the rule no longer reads it (which proposals count is fixed
 * by the district's committed counter, district-commitment.ts), and a new version that names it
 * is refused like any unknown field.
 */
export function ruleSetOf(fiscalYear: number, stored: StoredDocument | null): RuleSet {
  if (!stored) throw new RuleSetMissingError(`no rule set for fiscal year ${fiscalYear}`);
  return validatedWhenStored('RULE_SET', fiscalYear, stored);
}

export class RuleSetMissingError extends Error {
  override readonly name = 'RuleSetMissing';
}
