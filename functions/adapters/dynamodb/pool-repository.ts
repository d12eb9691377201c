import { PutItemCommand, QueryCommand, type TransactWriteItem } from '@aws-sdk/client-dynamodb';
import type { BudgetPool } from '../../domain/budget.js';
import type { Allocation, Proposal } from '../../domain/proposal.js';
import { dynamoDb, tableName } from './client.js';
import { rethrowTransient } from './errors.js';
import { keys } from './keys.js';
import { fromItem, toItem } from './marshalling.js';

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
};
