import { proposalRepository } from '../adapters/dynamodb/proposal-repository.js';
import { type RunStart, type StartOutcome, startProposalWorkflow } from '../adapters/stepfunctions.js';

/** A run to (re)start as a record names it; records kept before runs named their place lack it. */
export type RecordedRun = Omit<RunStart, 'fiscalYear' | 'districtCode'> &
  Partial<Pick<RunStart, 'fiscalYear' | 'districtCode'>>;

/**
 * Starts a run from what a record kept (a run marker, an idempotency record), idempotently by its
 * name. A record without the proposal's year and district gets them from the proposal; none there
 * (the record outlived it) → NO_PROPOSAL, nothing started.
 */
export async function startRecordedRun(run: RecordedRun): Promise<StartOutcome | 'NO_PROPOSAL'> {
  const { proposalId, revision, attempt, fiscalYear, districtCode } = run;
  const place =
    fiscalYear !== undefined && districtCode !== undefined
      ? { fiscalYear, districtCode }
      : await proposalRepository.get(proposalId);
  if (!place) return 'NO_PROPOSAL';
  return startProposalWorkflow({
    proposalId,
    revision,
    attempt,
    fiscalYear: place.fiscalYear,
    districtCode: place.districtCode,
  });
}
