import { proposalRepository, type StoredProposal } from '../adapters/dynamodb/proposal-repository.js';
import { ProposalMissingError, StaleRevisionError } from './step.js';

/** The proposal an execution works on; an execution of an older revision must not touch a newer one. */
export async function loadProposal(proposalId: string, revision: number): Promise<StoredProposal> {
  return ofRun(await proposalRepository.get(proposalId), proposalId, revision);
}

/** The proposal as read, if it is the run's revision (the same errors as `loadProposal`). */
export function ofRun(proposal: StoredProposal | null, proposalId: string, revision: number): StoredProposal {
  if (!proposal) throw new ProposalMissingError(`proposal ${proposalId} not found`);
  if (proposal.revision !== revision) {
    throw new StaleRevisionError(
      `proposal ${proposalId} is at revision ${proposal.revision}, not ${revision}`,
    );
  }
  return proposal;
}
