import type { TransactWriteItem } from '@aws-sdk/client-dynamodb';
import { tableName } from './client.js';
import * as keys from './keys.js';
import { fromItem, toItem } from './marshalling.js';
import { getItem } from './query.js';
import { TABLE_DEFINITION } from './table-definition.js';

/** What a first request with an Idempotency-Key produced, replayed for its repeats. */
export interface IdempotencyRecord {
  bodyHash: string;
  statusCode: number;
  body: string;
  /** What the request created, so a repeat can finish work the first one left undone. */
  proposalId: string;
  revision: number;
  /** Where the proposal belongs (records written before these were kept lack them). */
  fiscalYear?: number | undefined;
  districtCode?: string | undefined;
}

const RETENTION_SECONDS = 24 * 3600;

export const idempotencyRepository = {
  async get(caller: string, key: string): Promise<IdempotencyRecord | null> {
    const out = await getItem(keys.idempotency(caller, key), { consistent: true });
    if (!out.Item) return null;
    const { bodyHash, statusCode, body, proposalId, revision } = fromItem<IdempotencyRecord>(out.Item);
    return { bodyHash, statusCode, body, proposalId, revision };
  },

  /** Joins the transaction that creates the proposal, so the key and the proposal exist together. */
  putWrite(
    caller: string,
    key: string,
    record: IdempotencyRecord,
    nowEpochSeconds: number,
  ): TransactWriteItem {
    return {
      Put: {
        TableName: tableName(),
        Item: toItem({
          ...keys.idempotency(caller, key),
          entity: 'IDEMPOTENCY',
          ...record,
          [TABLE_DEFINITION.timeToLiveAttribute]: nowEpochSeconds + RETENTION_SECONDS,
        }),
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    };
  },
};
