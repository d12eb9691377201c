import { latestRuleSet } from '../adapters/dynamodb/policy-reference.js';
import { proposalRepository } from '../adapters/dynamodb/proposal-repository.js';
import { districtsByCode, provinceReference } from '../adapters/dynamodb/reference-cache.js';
import {
  commitmentWrites,
  readDistrictCommitment,
  retryWhileCommitmentRaced,
} from '../budget/district-commitment.js';
import { checkPolicy } from '../domain/policy/check-policy.js';
import { loadProposal } from './load-proposal.js';
import { defineStep, SYSTEM_ACTOR, stepInput } from './step.js';

/**
 * Runs the fiscal year's latest rule set over the proposal and records the findings with the
 * rule-set version. Blocking findings → RETURNED to the district; otherwise the proposal stays in
 * POLICY_CHECK until the approval request moves it on.
 */
export const handler = defineStep('CheckPolicy', stepInput, ({ proposalId, revision }) =>
  retryWhileCommitmentRaced(async () => {
    const proposal = await loadProposal(proposalId, revision);
    // A retry after our own write: answer what was decided.
    if (proposal.policyCheck && proposal.status !== 'SUBMITTED')
      return { outcome: proposal.policyCheck.outcome };

    const [ruleSet, districts, province, live, commitment] = await Promise.all([
      latestRuleSet(proposal.fiscalYear),
      districtsByCode(),
      provinceReference(),
      proposalRepository.liveOfDistrict(proposal.districtCode, proposal.fiscalYear),
      readDistrictCommitment(proposal),
    ]);
    const result = checkPolicy({
      proposal,
      ruleSet,
      districts,
      province,
      otherProposals: live.filter((p) => p.id !== proposal.id),
      districtCommitted: commitment.others,
    });
    const blocking = result.findings.filter((f) => f.severity === 'BLOCKING').length;
    const warnings = result.findings.length - blocking;
    await proposalRepository.update(
      proposal,
      { policyCheck: result, ...(result.outcome === 'FAIL' ? { status: 'RETURNED' as const } : {}) },
      {
        at: new Date().toISOString(),
        actor: SYSTEM_ACTOR,
        type: result.outcome === 'FAIL' ? 'POLICY_CHECK_FAILED' : 'POLICY_CHECK_PASSED',
        note: `Aturan TA ${proposal.fiscalYear} versi ${result.ruleSetVersion}: ${blocking} temuan menghambat, ${warnings} peringatan`,
      },
      // The district's pagu counter moves in the same transaction (its ceiling holds under concurrency).
      commitmentWrites(commitment, proposal, ruleSet, result.outcome),
    );
    return { outcome: result.outcome };
  }),
);
