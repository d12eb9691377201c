import { parseRuleSet, type RuleSet } from '../../domain/policy/rule-set.js';
import * as referenceRepository from './reference-repository.js';
import type { StoredDocument } from './versioned-documents.js';

/** The rule set in force for a year, validated on the way out: stored data is never trusted blindly. */
export async function latestRuleSet(fiscalYear: number): Promise<RuleSet> {
  return ruleSetOf(fiscalYear, await referenceRepository.latestRuleSet(fiscalYear));
}

/** A stored version never changes: a warm function validates each version once. */
const validatedVersions = new Map<string, RuleSet>();

/** The rule set of a LATEST item read (null: the year has none). */
export function ruleSetOf(fiscalYear: number, stored: StoredDocument | null): RuleSet {
  if (!stored) throw new RuleSetMissingError(`no rule set for fiscal year ${fiscalYear}`);
  const key = `${fiscalYear}#${stored.version}`;
  const known = validatedVersions.get(key);
  if (known) return known;
  const parsed = parseRuleSet(withoutRetiredParams(stored.document));
  if (!parsed.ok)
    throw new Error(
      `stored rule set ${fiscalYear} v${stored.version} is invalid: ${parsed.problems[0]?.message}`,
    );
  validatedVersions.set(key, parsed.ruleSet);
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
