import * as z from 'zod/mini';
import * as actionRepository from '../adapters/dynamodb/action-repository.js';
import { chainOf, chainVersion } from '../adapters/dynamodb/chain-reference.js';
import { ruleSetOf } from '../adapters/dynamodb/policy-reference.js';
import { liveProposalsOfDistrict } from '../adapters/dynamodb/proposal-queries.js';
import type { StoredProposal } from '../adapters/dynamodb/proposal-repository.js';
import * as proposalWrites from '../adapters/dynamodb/proposal-writes.js';
import { districtsByCode, provinceReference } from '../adapters/dynamodb/reference-cache.js';
import { runMarkers } from '../adapters/dynamodb/run-markers.js';
import { countProposal } from '../adapters/observability.js';
import {
  commitmentWrites,
  readDistrictCommitment,
  retryWhileCommitmentRaced,
} from '../budget/district-commitment.js';
import { findStage, nextStage, planStage, stageTimers } from '../domain/approval-chain.js';
import { checkPolicy } from '../domain/policy/check-policy.js';
import { commitWithMails } from '../workflow/commit-with-mails.js';
import { blockingFindingsNote, outcomeMails } from '../workflow/outcome-mails.js';
import { type CheckInputs, readCheckInputs } from './check-inputs.js';
import type { RunRoute } from './run-state.js';
import { runInput } from './run-state.js';
import { defineStep, SYSTEM_ACTOR } from './step.js';

/**
 * The first step of every run. A new revision gets its policy check: blocking findings → RETURNED
 * (and the district is mailed); otherwise it goes to the first stage of the year's approval chain.
 * A retried or resumed run checks nothing again and continues where its proposal stopped. Either
 * way the run's marker is removed: the run exists.
 */
export const handler = defineStep(
  'CheckPolicy',
  z.extend(runInput, {
    executionId: z.string().check(z.minLength(1)),
    // Named by every run started since reads were cut: the proposal and the year's rules then come
    // in one read. An older run's input lacks them and reads the proposal first.
    fiscalYear: z.optional(z.int()),
    districtCode: z.optional(z.string()),
  }),
  async ({ proposalId, revision, attempt, executionId, fiscalYear, districtCode }): Promise<RunRoute> => {
    const place =
      fiscalYear !== undefined && districtCode !== undefined ? { fiscalYear, districtCode } : undefined;
    const inputs = await readCheckInputs(proposalId, revision, place);
    const { proposal } = inputs;
    const marker = runMarkers.deleteWrite({ proposalId, revision, attempt });
    // A check that lost the district's pagu counter to another proposal reads and checks again.
    if (proposal.status === 'SUBMITTED') {
      // The first try checks what was just read; a try after a lost race reads everything again.
      let first: CheckInputs | undefined = inputs;
      return retryWhileCommitmentRaced(async () => {
        const current = first ?? (await readCheckInputs(proposalId, revision, place));
        const firstTry = first !== undefined;
        first = undefined;
        return checkNewRevision(current, executionId, marker, firstTry && attempt === 0);
      });
    }

    await runMarkers.delete({ proposalId, revision, attempt });
    return continueWhereStopped(proposal, attempt);
  },
);

async function checkNewRevision(
  inputs: CheckInputs,
  executionId: string,
  marker: ReturnType<typeof runMarkers.deleteWrite>,
  firstTryOfFirstRun: boolean,
): Promise<RunRoute> {
  const { proposal } = inputs;
  const ruleSet = ruleSetOf(proposal.fiscalYear, inputs.ruleSet);
  const [districts, province, live, commitment] = await Promise.all([
    districtsByCode(),
    provinceReference(),
    liveProposalsOfDistrict(proposal.districtCode, proposal.fiscalYear),
    // The first check of a first revision holds no claim: a claim is written only with a status
    // write out of SUBMITTED, so the counter read with the proposal is all. Were one there after
    // all, its own guard (`attribute_not_exists` on the put of a pass and on the condition check of
    // a FAIL) would cancel the status write, and the retry after that race reads both.
    firstTryOfFirstRun && proposal.revision === 1
      ? { others: inputs.counter, own: null }
      : readDistrictCommitment(proposal),
  ]);
  const result = checkPolicy({
    proposal,
    ruleSet,
    districts,
    province,
    otherProposals: live.filter((p) => p.id !== proposal.id),
    districtCommitted: commitment.others,
  });
  // The district's pagu counter moves with the status write (commits on a pass, gives back on FAIL).
  const pagu = commitmentWrites(commitment, proposal, ruleSet, result.outcome);
  const blocking = result.findings.filter((f) => f.severity === 'BLOCKING').length;
  const summary = `Aturan TA ${proposal.fiscalYear} versi ${result.ruleSetVersion}: ${blocking} temuan menghambat, ${result.findings.length - blocking} peringatan`;
  const now = new Date();
  const at = now.toISOString();

  if (result.outcome === 'FAIL') {
    const checked = { ...proposal, policyCheck: result };
    await commitWithMails(
      proposal,
      { status: 'RETURNED', policyCheck: result, executionArn: executionId },
      { at, actor: SYSTEM_ACTOR, type: 'POLICY_CHECK_FAILED', note: summary },
      [marker, ...pagu],
      await outcomeMails(checked, {
        kind: 'OUTCOME_RETURNED',
        by: 'POLICY',
        note: blockingFindingsNote(checked),
      }),
    );
    countProposal('returnedByPolicy');
    return { route: 'RETURNED' };
  }

  const chain = chainOf(proposal.fiscalYear, inputs.chain);
  const first = nextStage(chain, proposal);
  if (!first) {
    // No stage of the chain applies (e.g. every stage is for another funding source).
    const approved = await proposalWrites.update(
      proposal,
      {
        status: 'APPROVED',
        policyCheck: result,
        executionArn: executionId,
        approvalChainVersion: chain.version,
      },
      {
        at,
        actor: SYSTEM_ACTOR,
        type: 'POLICY_CHECK_PASSED',
        note: `${summary}; tidak ada tahap persetujuan yang berlaku`,
      },
      [marker, ...pagu],
    );
    return { route: 'BUDGET', proposal: approved };
  }
  const checked = await proposalWrites.update(
    proposal,
    {
      status: 'POLICY_CHECK',
      policyCheck: result,
      executionArn: executionId,
      approvalChainVersion: chain.version,
    },
    { at, actor: SYSTEM_ACTOR, type: 'POLICY_CHECK_PASSED', note: summary },
    [marker, ...pagu],
  );
  return {
    route: 'APPROVAL',
    approval: planStage(chain.version, first, stageTimers(first, at), {}, now),
    proposal: checked,
  };
}

/** A retried run (or a run resumed after its first write): what is left to do, from the record. */
async function continueWhereStopped(proposal: StoredProposal, attempt: number): Promise<RunRoute> {
  const now = new Date();
  switch (proposal.status) {
    case 'POLICY_CHECK':
    case 'AWAITING_APPROVAL': {
      const chain = await chainVersion(proposal.fiscalYear, proposal.approvalChainVersion ?? 1);
      const stage =
        proposal.status === 'AWAITING_APPROVAL' && proposal.approvalStage
          ? findStage(chain, proposal.approvalStage)
          : nextStage(chain, proposal);
      if (!stage) return { route: 'BUDGET' };
      // A request already opened for this stage and attempt keeps its moments.
      const request = await actionRepository.request({
        proposalId: proposal.id,
        revision: proposal.revision,
        attempt,
        stage: stage.stage,
      });
      const timers = request ?? stageTimers(stage, now.toISOString());
      return { route: 'APPROVAL', approval: planStage(chain.version, stage, timers, request ?? {}, now) };
    }
    case 'APPROVED':
      return { route: 'BUDGET' };
    case 'RETURNED':
      return { route: 'RETURNED' };
    default:
      return { route: 'CLOSED', reason: proposal.status };
  }
}
