import {
  type AttributeValue,
  PutItemCommand,
  QueryCommand,
  type TransactWriteItem,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import type { AllocationLine } from '../../domain/allocation-report.js';
import type { BudgetPool } from '../../domain/budget.js';
import type { PoolId } from '../../domain/pool-ceiling.js';
import type { Allocation, FundingLine, Proposal } from '../../domain/proposal.js';
import { dynamoDb, tableName } from './client.js';
import { conditionFailures, rethrowTransient } from './errors.js';
import { keys, PROVINCE } from './keys.js';
import { fromItem, toItem } from './marshalling.js';
import { getItem, queryAll } from './query.js';

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

/** A WAITLISTED proposal as the approvers' queue index holds it: enough to know which pools it waits on. */
export interface WaitingProposal {
  id: string;
  fiscalYear: number;
  districtCode: string;
  funding: FundingLine[];
  createdAt: string;
}

const poolSubject = (id: PoolId) =>
  `POOL#${id.fiscalYear}#${id.source}#${id.source === 'APBD_KABUPATEN_KOTA' ? id.districtCode : PROVINCE}`;

// keys.ts builds partition and sort key together; these take the partition alone for a Query.
const poolAuditPartition = (id: PoolId) => keys.referenceEvent(poolSubject(id), '', 0).PK;
const allocationsPartition = (fiscalYear: number) => keys.allocationByYear(fiscalYear, '', '', 'APBN').GSI1PK;

const poolFields = (item: Record<string, AttributeValue>): VersionedPool => {
  const { fiscalYear, source, districtCode, ceiling, allocated, remaining, version } = fromItem<
    BudgetPool & { version?: number }
  >(item);
  return { fiscalYear, source, districtCode, ceiling, allocated, remaining, version: version ?? 0 };
};

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

/** Runs a transaction; false when one of its conditions failed (a race lost), transient errors rethrown. */
async function transact(items: TransactWriteItem[]): Promise<boolean> {
  try {
    await dynamoDb().send(new TransactWriteItemsCommand({ TransactItems: items }));
    return true;
  } catch (error) {
    if (conditionFailures(error)) return false;
    rethrowTransient(error);
  }
}

export const poolRepository = {
  /** Creates the pool unless it exists (seeding must never reset what was allocated). */
  async putIfMissing(pool: BudgetPool): Promise<boolean> {
    try {
      await dynamoDb().send(
        new PutItemCommand({
          TableName: tableName(),
          Item: toItem({
            ...keys.pool(pool.fiscalYear, pool.source, pool.districtCode),
            entity: 'POOL',
            ...pool,
          }),
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return false;
      rethrowTransient(error);
    }
  },

  async ofYear(fiscalYear: number): Promise<BudgetPool[]> {
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
    return (out.Items ?? []).map((item) => {
      const {
        fiscalYear: fy,
        source,
        districtCode,
        ceiling,
        allocated,
        remaining,
      } = fromItem<BudgetPool>(item);
      return { fiscalYear: fy, source, districtCode, ceiling, allocated, remaining };
    });
  },

  /**
   * The writes that draw a proposal's allocations from its pools: each pool is decremented only
   * if it still holds the amount (so no pool is ever over-allocated, whatever the concurrency), and
   * each allocation is recorded once per (proposal, revision, source). Callers put these in the
   * same transaction as the proposal's status change.
   */
  allocationWrites(proposal: Proposal, allocations: Allocation[], at: string): TransactWriteItem[] {
    return allocations.flatMap((a): TransactWriteItem[] => [
      {
        Update: {
          TableName: tableName(),
          Key: toItem(keys.pool(proposal.fiscalYear, a.source, proposal.districtCode)),
          UpdateExpression: 'SET remaining = remaining - :amount, allocated = allocated + :amount',
          ConditionExpression: 'remaining >= :amount',
          ExpressionAttributeValues: toItem({ ':amount': a.amount }),
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
    ]);
  },

  async get(id: PoolId): Promise<VersionedPool | null> {
    const out = await getItem(keys.pool(id.fiscalYear, id.source, id.districtCode), { consistent: true });
    return out.Item ? poolFields(out.Item) : null;
  },

  /** Creates a pool with its first audit event; false if someone created it first. */
  create(pool: BudgetPool, event: PoolEvent): Promise<boolean> {
    return transact([
      {
        Put: {
          TableName: tableName(),
          Item: toItem({
            ...keys.pool(pool.fiscalYear, pool.source, pool.districtCode),
            entity: 'POOL',
            ...pool,
            version: 1,
          }),
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      eventPut(pool, 1, event),
    ]);
  },

  /**
   * Sets a new ceiling and moves `remaining` by the same delta, with the audit event, if the pool
   * still has the ceiling and version that were read. Allocations running meanwhile change only
   * `remaining` and `allocated`, so a lowering is also guarded on `remaining` staying >= 0. False
   * when a condition failed; the caller reads the pool again to tell which.
   */
  changeCeiling(before: VersionedPool, ceiling: number, event: PoolEvent): Promise<boolean> {
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
    ]);
  },

  /** A pool's audit trail, oldest first. */
  async history(id: PoolId): Promise<PoolEvent[]> {
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
  },

  /**
   * WAITLISTED proposals of a year, oldest first: the approvers' queue (GSI2) sorts by creation
   * time. The index is eventually consistent; callers read each proposal again before acting.
   */
  async waitlistedOfYear(fiscalYear: number): Promise<WaitingProposal[]> {
    const found: WaitingProposal[] = [];
    const items = await queryAll({
      IndexName: 'GSI2',
      KeyConditionExpression: 'GSI2PK = :pk',
      ExpressionAttributeValues: toItem({ ':pk': keys.yearStatusPartition(fiscalYear, 'WAITLISTED') }),
      ProjectionExpression: '#id, fiscalYear, districtCode, funding, createdAt',
      ExpressionAttributeNames: { '#id': 'id' },
      ScanIndexForward: true,
    });
    for (const item of items) {
      const { id, fiscalYear: fy, districtCode, funding, createdAt } = fromItem<WaitingProposal>(item);
      found.push({ id, fiscalYear: fy, districtCode, funding, createdAt });
    }
    return found;
  },

  /** Every allocation record of a year (for the reports), through all pages of GSI1. */
  async allocationsOfYear(fiscalYear: number): Promise<AllocationLine[]> {
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
  },
};
