import type { TransactWriteItem } from '@aws-sdk/client-dynamodb';
import type { CommitmentClaim } from '../adapters/dynamodb/commitment-repository.js';
import * as commitmentRepository from '../adapters/dynamodb/commitment-repository.js';
import { ConditionFailedError } from '../adapters/dynamodb/proposal-repository.js';
import { TransientError } from '../domain/errors.js';
import {
  blockingCeilingOf,
  committedByOthers,
  type DistrictCommitted,
} from '../domain/policy/district-commitment.js';
import type { RuleSet } from '../domain/policy/rule-set.js';
import { type PolicyOutcome, type Proposal, totalOf } from '../domain/proposal.js';

type Owner = Pick<Proposal, 'id' | 'revision' | 'districtCode' | 'fiscalYear'>;

/** What the policy check needs of the district's counter, read after the proposal itself. */
export interface DistrictCommitmentRead {
  /** The DISTRICT_CEILING rule's input (`PolicyContext.districtCommitted`): the others' commitments. */
  others: DistrictCommitted;
  /** What this proposal holds already (a retried check), or null. */
  own: CommitmentClaim | null;
}

/** Reads the district's counter and the proposal's claim; call it after reading the proposal. */
export async function readDistrictCommitment(proposal: Owner): Promise<DistrictCommitmentRead> {
  const { counter, own } = await commitmentRepository.read(proposal);
  return { others: committedByOthers(counter, own), own };
}

/**
 * The writes that join the policy check's status write: a passing (or warning) check commits the
 * proposal's total to its district's counter, guarded on the counter staying within the tightest
 * blocking ceiling; a failing one (→ RETURNED) gives back anything the proposal held. 1–2 items.
 */
export function commitmentWrites(
  read: DistrictCommitmentRead,
  proposal: Owner & Pick<Proposal, 'funding'>,
  ruleSet: RuleSet,
  outcome: PolicyOutcome,
): TransactWriteItem[] {
  if (outcome === 'FAIL') return commitmentRepository.releaseWrites(proposal, read.own);
  return commitmentRepository.claimWrites(
    proposal,
    read.own,
    totalOf(proposal.funding),
    blockingCeilingOf(ruleSet, proposal.districtCode),
  );
}

/**
 * The writes that join a status write leaving the live statuses (→ RETURNED, REJECTED,
 * WITHDRAWN): the proposal gives back what it holds. Reads the claim, so call it after reading the
 * proposal whose guarded write these join. 1–2 items.
 */
export async function releaseCommitmentWrites(proposal: Owner): Promise<TransactWriteItem[]> {
  const { own } = await commitmentRepository.read(proposal);
  return commitmentRepository.releaseWrites(proposal, own);
}

const ATTEMPTS = 12;

/**
 * Runs a read–check–write of the policy check again while it loses the counter to another
 * proposal of the district (the proposal itself unchanged: a later attempt reads the new
 * committed amount and may now find the ceiling exceeded). Any other failure is rethrown.
 */
export async function retryWhileCommitmentRaced<T>(attempt: () => Promise<T>): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      const raced =
        (error instanceof ConditionFailedError && !error.failedItems[0]) || error instanceof TransientError;
      if (!raced) throw error;
      if (n >= ATTEMPTS) throw new TransientError('district ceiling counter kept changing');
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * 2 ** Math.min(n, 5)));
    }
  }
}
