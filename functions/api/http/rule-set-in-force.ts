import { latestRuleSet, RuleSetMissingError } from '../../adapters/dynamodb/policy-reference.js';
import { DomainError } from '../../domain/errors.js';

/** A year's rule set rarely changes once it exists; a warm function checks it once a minute. */
const KNOWN_FOR_MS = 60 * 1000;
const knownSince = new Map<number, number>();

/**
 * Refuses a submission for a fiscal year that has no (valid) policy rule set: the workflow could
 * not check it and would end FAILED for good. Only a year found is remembered, so a rule set
 * stored a moment ago is accepted at once.
 */
export async function assertRuleSetInForce(fiscalYear: number, now = Date.now()): Promise<void> {
  const since = knownSince.get(fiscalYear);
  if (since !== undefined && now - since < KNOWN_FOR_MS) return;
  try {
    await latestRuleSet(fiscalYear);
  } catch (error) {
    if (!(error instanceof RuleSetMissingError)) throw error;
    throw new DomainError(
      'NO_RULE_SET',
      `Belum ada aturan kebijakan untuk tahun anggaran ${fiscalYear}; usulan tahun itu belum dapat diajukan. Hubungi admin provinsi.`,
      422,
      [{ path: 'fiscalYear', message: `Tidak ada aturan kebijakan untuk tahun anggaran ${fiscalYear}` }],
    );
  }
  knownSince.set(fiscalYear, now);
}
