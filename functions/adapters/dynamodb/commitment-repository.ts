import type { TransactWriteItem } from '@aws-sdk/client-dynamodb';
import type { DistrictCommitted } from '../../domain/policy/district-commitment.js';
import type { Proposal } from '../../domain/proposal.js';
import { tableName } from './client.js';
import * as keys from './keys.js';
import { fromItem, type Item, toItem } from './marshalling.js';
import { getItem } from './query.js';

/** The part of its district's committed counter that one proposal holds. */
export interface CommitmentClaim {
  revision: number;
  amount: number;
}

type Owner = Pick<Proposal, 'id' | 'revision' | 'districtCode' | 'fiscalYear'>;

const counterItemKey = (p: Pick<Proposal, 'districtCode' | 'fiscalYear'>) =>
  toItem(keys.districtCommitment(p.fiscalYear, p.districtCode));

/*
 * The district's committed pagu (one counter item per district and year) and each proposal's
 * claim on it (an item in the proposal's partition). Both change only inside the transaction of
 * the proposal's own guarded status write, through the write builders below. Each operation is
 * an exported function and callers import the module as a namespace (`import * as
 * commitmentRepository`), so a bundle keeps only the operations its handler calls.
 */

/** The district's counter alone, read consistently. */
export async function counter(p: Pick<Proposal, 'districtCode' | 'fiscalYear'>): Promise<DistrictCommitted> {
  const out = await getItem(counterKey(p), { consistent: true });
  return counterFrom(out.Item);
}

/** The counter's key, for a step that reads it together with other items. */
export function counterKey(p: Pick<Proposal, 'districtCode' | 'fiscalYear'>) {
  return keys.districtCommitment(p.fiscalYear, p.districtCode);
}

/** The counter as read (no item: nothing committed yet). */
export function counterFrom(item: Item | undefined): DistrictCommitted {
  const c = item ? fromItem<{ committed?: number; proposals?: number }>(item) : {};
  return { amount: c.committed ?? 0, proposals: c.proposals ?? 0 };
}

/** The counter and this proposal's claim, read consistently (the claim after the proposal). */
export async function read(p: Owner): Promise<{ counter: DistrictCommitted; own: CommitmentClaim | null }> {
  const [counted, claim] = await Promise.all([
    counter(p),
    getItem(keys.commitmentClaim(p.id), { consistent: true }),
  ]);
  const own = claim.Item ? fromItem<CommitmentClaim>(claim.Item) : null;
  return { counter: counted, own: own && { revision: own.revision, amount: own.amount } };
}

/**
 * Makes the proposal hold `amount` of the counter (from `own`, what it held when read). When the
 * counter grows and `ceiling` is set, it may only grow while it stays within the ceiling: two
 * proposals that each fit alone cannot both pass. Two items: the claim, then the counter.
 */
export function claimWrites(
  p: Owner,
  own: CommitmentClaim | null,
  amount: number,
  ceiling: number | undefined,
): TransactWriteItem[] {
  const delta = amount - (own?.amount ?? 0);
  if (ceiling !== undefined && delta > 0 && amount > ceiling)
    throw new Error(`a commitment of ${amount} cannot fit the ceiling ${ceiling}`);
  const claim: TransactWriteItem = own
    ? {
        Update: {
          TableName: tableName(),
          Key: toItem(keys.commitmentClaim(p.id)),
          UpdateExpression: 'SET amount = :amount, revision = :revision',
          ConditionExpression: 'amount = :held',
          ExpressionAttributeValues: toItem({
            ':amount': amount,
            ':revision': p.revision,
            ':held': own.amount,
          }),
        },
      }
    : {
        Put: {
          TableName: tableName(),
          Item: toItem({
            ...keys.commitmentClaim(p.id),
            entity: 'COMMITMENT',
            fiscalYear: p.fiscalYear,
            districtCode: p.districtCode,
            revision: p.revision,
            amount,
          }),
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      };
  const guarded = ceiling !== undefined && delta > 0;
  return [
    claim,
    {
      Update: {
        TableName: tableName(),
        Key: counterItemKey(p),
        UpdateExpression:
          'SET entity = :entity, fiscalYear = :fy, districtCode = :district, ' +
          'committed = if_not_exists(committed, :zero) + :delta, proposals = if_not_exists(proposals, :zero) + :joined',
        ...(guarded ? { ConditionExpression: 'attribute_not_exists(committed) OR committed <= :room' } : {}),
        ExpressionAttributeValues: toItem({
          ':entity': 'DISTRICT_COMMITMENT',
          ':fy': p.fiscalYear,
          ':district': p.districtCode,
          ':zero': 0,
          ':delta': delta,
          ':joined': own ? 0 : 1,
          ...(guarded ? { ':room': ceiling - delta } : {}),
        }),
      },
    },
  ];
}

/**
 * Gives back what the proposal holds (its claim as read), or, when it holds nothing, checks that
 * this is still so. One or two items.
 */
export function releaseWrites(p: Owner, own: CommitmentClaim | null): TransactWriteItem[] {
  if (!own) {
    return [
      {
        ConditionCheck: {
          TableName: tableName(),
          Key: toItem(keys.commitmentClaim(p.id)),
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
    ];
  }
  return [
    {
      Delete: {
        TableName: tableName(),
        Key: toItem(keys.commitmentClaim(p.id)),
        ConditionExpression: 'amount = :held',
        ExpressionAttributeValues: toItem({ ':held': own.amount }),
      },
    },
    {
      Update: {
        TableName: tableName(),
        Key: counterItemKey(p),
        UpdateExpression: 'SET committed = committed - :held, proposals = proposals - :one',
        ConditionExpression: 'committed >= :held AND proposals >= :one',
        ExpressionAttributeValues: toItem({ ':held': own.amount, ':one': 1 }),
      },
    },
  ];
}
