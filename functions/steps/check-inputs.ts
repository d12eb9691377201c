import { approvalChains } from '../adapters/dynamodb/chain-reference.js';
import * as commitmentRepository from '../adapters/dynamodb/commitment-repository.js';
import * as keys from '../adapters/dynamodb/keys.js';
import type { Item } from '../adapters/dynamodb/marshalling.js';
import { proposalRepository, type StoredProposal } from '../adapters/dynamodb/proposal-repository.js';
import { getItems } from '../adapters/dynamodb/query.js';
import * as referenceRepository from '../adapters/dynamodb/reference-repository.js';
import type { StoredDocument } from '../adapters/dynamodb/versioned-documents.js';
import type { DistrictCommitted } from '../domain/policy/district-commitment.js';
import { ofRun } from './load-proposal.js';

/** Where a run's proposal belongs; every run started since the run input names them. */
export interface RunPlace {
  fiscalYear: number;
  districtCode: string;
}

/** What the first step of a run reads, as stored (validation is the caller's). */
export interface CheckInputs {
  proposal: StoredProposal;
  /** The year's LATEST rule set and approval chain items: a new version applies to the next check. */
  ruleSet: StoredDocument | null;
  chain: StoredDocument | null;
  /** The district's committed pagu counter. */
  counter: DistrictCommitted;
}

/**
 * The proposal, the year's rule set and approval chain, and the district's counter in one
 * consistent BatchGetItem. A run that names its year and district gets them in one round trip; an
 * older run (or one that named them wrongly) reads the proposal first and then the rest.
 */
export async function readCheckInputs(
  proposalId: string,
  revision: number,
  place: RunPlace | undefined,
): Promise<CheckInputs> {
  if (place) {
    const [meta, ...rest] = await getItems([keys.proposal(proposalId), ...referenceKeys(place)]);
    const proposal = ofRun(proposalRepository.fromItem(meta), proposalId, revision);
    if (proposal.fiscalYear === place.fiscalYear && proposal.districtCode === place.districtCode)
      return { proposal, ...fromReferences(rest) };
  }
  const proposal = ofRun(await proposalRepository.get(proposalId), proposalId, revision);
  return { proposal, ...fromReferences(await getItems(referenceKeys(proposal))) };
}

const referenceKeys = (place: RunPlace) => [
  referenceRepository.ruleSetLatestKey(place.fiscalYear),
  approvalChains.latestKey(place.fiscalYear),
  commitmentRepository.counterKey(place),
];

function fromReferences([ruleSet, chain, counter]: (Item | undefined)[]) {
  return {
    ruleSet: referenceRepository.ruleSetFromLatest(ruleSet),
    chain: approvalChains.fromLatest(chain),
    counter: commitmentRepository.counterFrom(counter),
  };
}
