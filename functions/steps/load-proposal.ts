import { proposalRepository, type StoredProposal } from '../adapters/dynamodb/proposal-repository.js';
import { ProposalMissingError, StaleRevisionError } from './step.js';

/** The proposal an execution works on; an execution of an older revision must not touch a newer one. */
export async function loadProposal(proposalId: string, revision: number): Promise<StoredProposal> {
  const proposal = await proposalRepository.get(proposalId);
  if (!proposal) throw new ProposalMissingError(`proposal ${proposalId} not found`);
  if (proposal.revision !== revision) {
    throw new StaleRevisionError(
      `proposal ${proposalId} is at revision ${proposal.revision}, not ${revision}`,
    );
  }
  return proposal;
}
