import {
  type AttributeValue,
  DeleteItemCommand,
  QueryCommand,
  type TransactWriteItem,
} from '@aws-sdk/client-dynamodb';
import type { AllocationLine } from '../../domain/allocation-report.js';
import type { BudgetPool } from '../../domain/budget.js';
import { type PoolId, poolIdOf } from '../../domain/pool-ceiling.js';
import type { Allocation, Proposal } from '../../domain/proposal.js';
import { type PoolNeed, samePool } from '../../domain/waitlist.js';
import { dynamoDb, tableName } from './client.js';
import { rethrowTransient } from './errors.js';
import * as keys from './keys.js';
import { PROVINCE } from './keys.js';
import { fromItem, toItem } from './marshalling.js';
import { getItem, queryAll, workListBefore } from './query.js';
import { transactIfAllowed } from './transaction.js';

/*
 * The budget pools, their audit trail and waitlists. Each operation is an exported function and
 * callers import the module as a namespace (`import * as poolRepository`): the call sites read
 * `poolRepository.get(…)` while esbuild keeps in a bundle only the functions its handler calls (an
 * object of methods would be kept whole).
 */

/** A pool as read for a guarded change: `version` counts its ceiling changes (0 for a seeded pool). */
export interface VersionedPool extends BudgetPool {
  version: number;
}

/** An entry of a pool's audit trail. */
export interface PoolEvent {
  at: string;
  actor: string;
  type: 'POOL_CREATED' | 'POOL_CEILING_CHANGED';
  fromCeiling: number | null;
  toCeiling: number;
  note: string;
}

/** A proposal's place in one pool's queue, as the queue holds it. */
export interface WaitlistEntry {
  proposalId: string;
  revision: number;
  since: string;
  /** What it asks of this pool. */
  amount: number;
}

const poolSubject = (id: PoolId) =>
  `POOL#${id.fiscalYear}#${id.source}#${id.source === 'APBD_KABUPATEN_KOTA' ? id.districtCode : PROVINCE}`;

// keys.ts builds partition and sort key together; these take the partition alone for a Query.
const poolAuditPartition = (id: PoolId) => keys.referenceEvent(poolSubject(id), '', 0).PK;
const allocationsPartition = (fiscalYear: number) => keys.allocationByYear(fiscalYear, '', '', 'APBN').GSI1PK;

/**
 * A pool item without a ceiling is only a queue counter: proposals began to wait on a pool that
 * nobody has set yet (see waitlistJoinWrites). It is not a pool until a ceiling is set.
 */
const isPool = (item: Record<string, AttributeValue>): boolean => item.ceiling !== undefined;

const poolFields = (item: Record<string, AttributeValue>): VersionedPool => {
  const { fiscalYear, source, districtCode, ceiling, allocated, remaining, waiting, version } = fromItem<
    Omit<BudgetPool, 'waiting'> & { waiting?: number; version?: number }
  >(item);
  return {
    fiscalYear,
    source,
    districtCode,
    ceiling,
    allocated,
    remaining,
    waiting: waiting ?? 0,
    version: version ?? 0,
  };
};

const poolKey = (id: PoolId) => toItem(keys.pool(id.fiscalYear, id.source, id.districtCode));

/** Sets a ceiling on a pool that has none yet, keeping a queue counter that may already be there. */
function ceilingSet(pool: Omit<BudgetPool, 'waiting'>, version: number | undefined): TransactWriteItem {
  return {
    Update: {
      TableName: tableName(),
      Key: poolKey(pool),
      UpdateExpression:
        'SET entity = :entity, fiscalYear = :fy, #source = :source, ceiling = :ceiling, allocated = :allocated, ' +
        'remaining = :remaining, waiting = if_not_exists(waiting, :zero)' +
        (pool.districtCode === undefined ? '' : ', districtCode = :district') +
        (version === undefined ? '' : ', version = :version'),
      ConditionExpression: 'attribute_not_exists(ceiling)',
      ExpressionAttributeNames: { '#source': 'source' },
      ExpressionAttributeValues: toItem({
        ':entity': 'POOL',
        ':fy': pool.fiscalYear,
        ':source': pool.source,
        ':ceiling': pool.ceiling,
        ':allocated': pool.allocated,
        ':remaining': pool.remaining,
        ':zero': 0,
        ...(pool.districtCode === undefined ? {} : { ':district': pool.districtCode }),
        ...(version === undefined ? {} : { ':version': version }),
      }),
    },
  };
}

function eventPut(id: PoolId, seq: number, event: PoolEvent): TransactWriteItem {
  return {
    Put: {
      TableName: tableName(),
      Item: toItem({
        ...keys.referenceEvent(poolSubject(id), event.at, seq),
        entity: 'EVENT',
        fiscalYear: id.fiscalYear,
        source: id.source,
        districtCode: id.districtCode,
        ...event,
      }),
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  };
}

function toFundPut(pool: PoolId, at: string): TransactWriteItem {
  const id = poolIdOf(pool);
  return {
    Put: {
      TableName: tableName(),
      Item: toItem({
        ...keys.poolToFund(id),
        ...keys.work('WAITLIST#TO_FUND', at, keys.poolToFund(id).SK),
        entity: 'POOL_TO_FUND',
        pool: id,
      }),
    },
  };
}

/** Runs a transaction; false when one of its conditions failed (a race lost). */
const transact = transactIfAllowed;

/** Creates the pool unless it exists (seeding must never reset what was allocated). */
export async function putIfMissing(pool: Omit<BudgetPool, 'waiting'>): Promise<boolean> {
  return transact([ceilingSet(pool, undefined)]);
}

export async function ofYear(fiscalYear: number): Promise<BudgetPool[]> {
  const out = await dynamoDb()
    .send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: toItem({
          ':pk': keys.poolsOfYear(fiscalYear),
          ':prefix': keys.poolPrefix,
        }),
        ConsistentRead: true,
      }),
    )
    .catch(rethrowTransient);
  return (out.Items ?? []).filter(isPool).map((item) => {
    const { version: _version, ...pool } = poolFields(item);
    return pool;
  });
}

/**
 * The writes that draw a proposal's allocations from its pools: each pool is decremented only
 * if it still holds the amount (so no pool is ever over-allocated, whatever the concurrency) and
 * nobody waits on it, or, for a pool the proposal itself waits on (`waitsOn`), it leaves that
 * queue; each allocation is recorded once per (proposal, revision, source). Callers put these in
 * the same transaction as the proposal's status change. Two items per allocation, in its order.
 */
export function allocationWrites(
  proposal: Proposal,
  allocations: Allocation[],
  at: string,
  waitsOn: readonly PoolId[] = [],
): TransactWriteItem[] {
  return allocations.flatMap((a): TransactWriteItem[] => {
    const pool = poolIdOf({
      fiscalYear: proposal.fiscalYear,
      source: a.source,
      districtCode: proposal.districtCode,
    });
    const waits = waitsOn.some((w) => samePool(w, pool));
    return [
      {
        Update: {
          TableName: tableName(),
          Key: poolKey(pool),
          UpdateExpression: waits
            ? 'SET remaining = remaining - :amount, allocated = allocated + :amount, waiting = waiting - :one'
            : 'SET remaining = remaining - :amount, allocated = allocated + :amount',
          ConditionExpression: waits
            ? 'remaining >= :amount AND waiting >= :one'
            : 'remaining >= :amount AND (attribute_not_exists(waiting) OR waiting <= :zero)',
          ExpressionAttributeValues: toItem(
            waits ? { ':amount': a.amount, ':one': 1 } : { ':amount': a.amount, ':zero': 0 },
          ),
        },
      },
      {
        Put: {
          TableName: tableName(),
          Item: toItem({
            ...keys.allocation(proposal.id, proposal.revision, a.source),
            ...keys.allocationByYear(proposal.fiscalYear, proposal.districtCode, proposal.id, a.source),
            entity: 'ALLOCATION',
            proposalId: proposal.id,
            revision: proposal.revision,
            fiscalYear: proposal.fiscalYear,
            districtCode: proposal.districtCode,
            commodity: proposal.commodity,
            programKind: proposal.programKind,
            source: a.source,
            amount: a.amount,
            at,
          }),
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
    ];
  });
}

/**
 * The writes that put a proposal in the queues of `pools`, each counted on its pool only if the
 * pool still cannot fund it (no ceiling, too little left, or others waiting): a ceiling raise
 * that landed since the pool was read makes the transaction fail, and the caller tries to
 * allocate again. A pool without a ceiling gets its counter all the same (see isPool). Two
 * items per pool, in its order.
 */
export function waitlistJoinWrites(
  proposal: Pick<Proposal, 'id' | 'revision'>,
  since: string,
  pools: readonly PoolNeed[],
): TransactWriteItem[] {
  return pools.flatMap(({ pool, amount }): TransactWriteItem[] => [
    {
      Update: {
        TableName: tableName(),
        Key: poolKey(pool),
        UpdateExpression:
          'SET waiting = if_not_exists(waiting, :zero) + :one, fiscalYear = :fy, #source = :source' +
          (pool.districtCode === undefined ? '' : ', districtCode = :district'),
        ConditionExpression: 'attribute_not_exists(remaining) OR remaining < :amount OR waiting > :zero',
        ExpressionAttributeNames: { '#source': 'source' },
        ExpressionAttributeValues: toItem({
          ':zero': 0,
          ':one': 1,
          ':amount': amount,
          ':fy': pool.fiscalYear,
          ':source': pool.source,
          ...(pool.districtCode === undefined ? {} : { ':district': pool.districtCode }),
        }),
      },
    },
    {
      Put: {
        TableName: tableName(),
        Item: toItem({
          ...keys.waitlistEntry(pool, since, proposal.id),
          entity: 'WAITLIST_ENTRY',
          proposalId: proposal.id,
          revision: proposal.revision,
          since,
          amount,
        }),
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    },
  ]);
}

/**
 * The writes that take a proposal out of the queues of `pools` without funding it (a
 * withdrawal), or out of the ones it leaves when funded (the entries only: allocationWrites
 * moves the counters then). Each entry must still be there, so a queue is left exactly once.
 */
export function waitlistLeaveWrites(
  proposalId: string,
  since: string,
  pools: readonly PoolId[],
  options: { counters: boolean },
): TransactWriteItem[] {
  return pools.flatMap((pool): TransactWriteItem[] => [
    ...(options.counters
      ? [
          {
            Update: {
              TableName: tableName(),
              Key: poolKey(pool),
              UpdateExpression: 'SET waiting = waiting - :one',
              ConditionExpression: 'waiting >= :one',
              ExpressionAttributeValues: toItem({ ':one': 1 }),
            },
          },
        ]
      : []),
    {
      Delete: {
        TableName: tableName(),
        Key: toItem(keys.waitlistEntry(pool, since, proposalId)),
        ConditionExpression: 'attribute_exists(PK)',
      },
    },
  ]);
}

/** One pool's queue, oldest first, read consistently: a proposal that just began to wait is in it. */
export async function waitlistOf(pool: PoolId): Promise<WaitlistEntry[]> {
  const items = await queryAll({
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
    ExpressionAttributeValues: toItem({
      ':pk': keys.poolsOfYear(pool.fiscalYear),
      ':prefix': keys.waitlistPrefix(pool),
    }),
    ConsistentRead: true,
  });
  return items.map((item) => {
    const { proposalId, revision, since, amount } = fromItem<WaitlistEntry>(item);
    return { proposalId, revision, since, amount };
  });
}

export async function get(id: PoolId): Promise<VersionedPool | null> {
  const out = await getItem(keys.pool(id.fiscalYear, id.source, id.districtCode), { consistent: true });
  return out.Item && isPool(out.Item) ? poolFields(out.Item) : null;
}

/** Creates a pool with its first audit event; false if someone created it first. */
export function create(pool: Omit<BudgetPool, 'waiting'>, event: PoolEvent): Promise<boolean> {
  return transact([ceilingSet(pool, 1), eventPut(pool, 1, event), toFundPut(pool, event.at)]);
}

/**
 * Sets a new ceiling and moves `remaining` by the same delta, with the audit event, if the pool
 * still has the ceiling and version that were read. Allocations running meanwhile change only
 * `remaining` and `allocated`, so a lowering is also guarded on `remaining` staying >= 0. False
 * when a condition failed; the caller reads the pool again to tell which.
 */
export function changeCeiling(before: VersionedPool, ceiling: number, event: PoolEvent): Promise<boolean> {
  const delta = ceiling - before.ceiling;
  const conditions = [
    'ceiling = :old',
    before.version === 0 ? 'attribute_not_exists(version)' : 'version = :version',
    ...(delta < 0 ? ['remaining >= :lowered'] : []),
  ];
  return transact([
    {
      Update: {
        TableName: tableName(),
        Key: toItem(keys.pool(before.fiscalYear, before.source, before.districtCode)),
        UpdateExpression: 'SET ceiling = :ceiling, remaining = remaining + :delta, version = :next',
        ConditionExpression: conditions.join(' AND '),
        ExpressionAttributeValues: toItem({
          ':old': before.ceiling,
          ':ceiling': ceiling,
          ':delta': delta,
          ':next': before.version + 1,
          ...(before.version === 0 ? {} : { ':version': before.version }),
          ...(delta < 0 ? { ':lowered': -delta } : {}),
        }),
      },
    },
    eventPut(before, before.version + 1, event),
    ...(delta >= 0 ? [toFundPut(before, event.at)] : []),
  ]);
}

/**
 * The queue of a grown pool has been run: the marker written with the ceiling change goes. Until
 * then the sweep runs the queue again, so a crash between the raise and the funding loses nothing.
 */
export async function funded(pool: PoolId): Promise<void> {
  await dynamoDb()
    .send(new DeleteItemCommand({ TableName: tableName(), Key: toItem(keys.poolToFund(pool)) }))
    .catch(rethrowTransient);
}

/** Grown pools whose queue has not been run since before `olderThan`. */
export async function toFund(olderThan: string, limit: number): Promise<PoolId[]> {
  const items = await workListBefore('WAITLIST#TO_FUND', olderThan, limit);
  return items.map((item) => fromItem<{ pool: PoolId }>(item).pool);
}

/** A pool's audit trail, oldest first. */
export async function history(id: PoolId): Promise<PoolEvent[]> {
  const events: PoolEvent[] = [];
  const items = await queryAll({
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
    ExpressionAttributeValues: toItem({
      ':pk': poolAuditPartition(id),
      ':prefix': 'EVENT#',
    }),
  });
  for (const item of items) {
    const { at, actor, type, fromCeiling, toCeiling, note } = fromItem<PoolEvent>(item);
    events.push({ at, actor, type, fromCeiling, toCeiling, note });
  }
  return events;
}

/** Every allocation record of a year (for the reports), through all pages of GSI1. */
export async function allocationsOfYear(fiscalYear: number): Promise<AllocationLine[]> {
  const lines: AllocationLine[] = [];
  const items = await queryAll({
    IndexName: 'GSI1',
    KeyConditionExpression: 'GSI1PK = :pk',
    ExpressionAttributeValues: toItem({ ':pk': allocationsPartition(fiscalYear) }),
  });
  for (const item of items) {
    const { districtCode, proposalId, programKind, commodity, source, amount } =
      fromItem<AllocationLine>(item);
    lines.push({ districtCode, proposalId, programKind, commodity, source, amount });
  }
  return lines;
}
