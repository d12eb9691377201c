import type { RuleSet } from './rule-set.js';

/**
 * The district's pagu indikatif is consumed by commitments: a proposal commits its total to its
 * district and year when its policy check passes, and keeps it while it is live (waiting for a
 * decision, approved, funded, waitlisted, overdue or failed and retriable). RETURNED, REJECTED and
 * WITHDRAWN give it back. The store keeps one counter per district and year, changed only
 * together with the proposal's own status write, so the ceiling holds under any concurrency.
 */

/** What the district has committed for the year, as the counter holds it. */
export interface DistrictCommitted {
  amount: number;
  proposals: number;
}

/** The committed amount the DISTRICT_CEILING rule weighs this proposal against: everyone else's. */
export function committedByOthers(
  counter: DistrictCommitted,
  own: { amount: number } | null,
): DistrictCommitted {
  if (!own) return counter;
  return { amount: counter.amount - own.amount, proposals: counter.proposals - 1 };
}

/** The district's ceiling of one DISTRICT_CEILING rule: its own, else the default. */
export function ceilingOfDistrict(
  params: { defaultCeiling: number; ceilingsByDistrict: Readonly<Record<string, number>> },
  districtCode: string,
): number {
  return params.ceilingsByDistrict[districtCode] ?? params.defaultCeiling;
}

/**
 * The ceiling that the store must enforce when it records a commitment: the tightest of the
 * rule set's blocking DISTRICT_CEILING rules (a warning never blocks), or undefined when none.
 */
export function blockingCeilingOf(ruleSet: RuleSet, districtCode: string): number | undefined {
  let tightest: number | undefined;
  for (const rule of ruleSet.rules) {
    if (rule.kind !== 'DISTRICT_CEILING' || rule.severity !== 'BLOCKING') continue;
    const ceiling = ceilingOfDistrict(rule.params, districtCode);
    tightest = tightest === undefined ? ceiling : Math.min(tightest, ceiling);
  }
  return tightest;
}
