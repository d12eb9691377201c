import { isWholeRupiah } from '../fields.js';
import type { PolicyCheckResult, PolicyFinding, PolicyOutcome } from '../proposal.js';
import { totalOf } from '../proposal.js';
import type { PolicyContext, RuleInput } from './context.js';
import type { Rule } from './rule-set.js';
import { checkBudgetSharing } from './rules/budget-sharing.js';
import { checkCommodityRecognised } from './rules/commodity-recognised.js';
import { checkDistrictCeiling } from './rules/district-ceiling.js';
import { checkDistrictExists } from './rules/district-exists.js';
import { checkFundingLinesValid } from './rules/funding-lines-valid.js';
import { checkFundingSourcesAllowed } from './rules/funding-sources-allowed.js';
import { checkMachineRestructuring } from './rules/machine-restructuring.js';
import { checkNearDuplicate } from './rules/near-duplicate.js';
import { checkOvopMinCentres } from './rules/ovop-min-centres.js';
import { checkProgramKindAllowed } from './rules/program-kind-allowed.js';
import { checkTargetsPlausible } from './rules/targets-plausible.js';

export type { OtherProposal, PolicyContext } from './context.js';

/**
 * Checks one proposal revision against its fiscal year's rule set. Pure and deterministic:
 * findings come in rule order (and, within a rule, in the order of the proposal's data), so the
 * same proposal and rule set always give the same stored result.
 */
export function checkPolicy(ctx: PolicyContext): PolicyCheckResult {
  const { proposal, ruleSet } = ctx;
  if (proposal.fiscalYear !== ruleSet.fiscalYear) {
    // A programming error, not a finding: the caller loaded another year's rules.
    throw new Error(
      `Rule set of fiscal year ${ruleSet.fiscalYear} cannot check a proposal of fiscal year ${proposal.fiscalYear}`,
    );
  }
  const total = totalOf(proposal.funding);
  const input: RuleInput = {
    ...ctx,
    district: ctx.districts.get(proposal.districtCode),
    total,
    fundingWellFormed:
      proposal.funding.length > 0 &&
      proposal.funding.every((line) => isWholeRupiah(line.amount)) &&
      Number.isSafeInteger(total),
  };

  const findings: PolicyFinding[] = ruleSet.rules.flatMap((rule) =>
    evaluate(input, rule).map((message) => ({
      ruleId: rule.id,
      source: rule.source,
      severity: rule.severity,
      message,
    })),
  );
  return { ruleSetVersion: ruleSet.version, outcome: outcomeOf(findings), findings };
}

function evaluate(input: RuleInput, rule: Rule): string[] {
  switch (rule.kind) {
    case 'DISTRICT_EXISTS':
      return checkDistrictExists(input, rule.params);
    case 'PROGRAM_KIND_ALLOWED':
      return checkProgramKindAllowed(input, rule.params);
    case 'COMMODITY_RECOGNISED':
      return checkCommodityRecognised(input, rule.params);
    case 'FUNDING_LINES_VALID':
      return checkFundingLinesValid(input, rule.params);
    case 'FUNDING_SOURCES_ALLOWED':
      return checkFundingSourcesAllowed(input, rule.params);
    case 'BUDGET_SHARING':
      return checkBudgetSharing(input, rule.params);
    case 'DISTRICT_CEILING':
      return checkDistrictCeiling(input, rule.params);
    case 'MACHINE_RESTRUCTURING_LIMITS':
      return checkMachineRestructuring(input, rule.params);
    case 'OVOP_MIN_CENTRES':
      return checkOvopMinCentres(input, rule.params);
    case 'TARGETS_PLAUSIBLE':
      return checkTargetsPlausible(input, rule.params);
    case 'NEAR_DUPLICATE':
      return checkNearDuplicate(input, rule.params);
  }
}

function outcomeOf(findings: readonly PolicyFinding[]): PolicyOutcome {
  if (findings.some((finding) => finding.severity === 'BLOCKING')) return 'FAIL';
  return findings.length > 0 ? 'WARN' : 'PASS';
}
