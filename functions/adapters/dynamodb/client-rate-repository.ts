import { randomBytes } from 'node:crypto';
import { UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { dynamoDb, tableName } from './client.js';
import { rethrowTransient } from './errors.js';
import * as keys from './keys.js';
import { toItem } from './marshalling.js';
import { getItem } from './query.js';
import { TABLE_DEFINITION } from './table-definition.js';
import { putIfMissing } from './transaction.js';

const TTL = TABLE_DEFINITION.timeToLiveAttribute;
/** Counters outlive their minute only long enough for TTL to collect them. */
const COUNTER_RETENTION_SECONDS = 5 * 60;
/** A day's salt is kept one more day, then TTL deletes it and that day's hashes cannot be reversed. */
const SALT_RETENTION_SECONDS = 2 * 24 * 3600;

export const clientRateRepository = {
  /** Counts one request of the client in the minute, atomically; resolves to the count so far. */
  async countRequest(clientHash: string, minute: number): Promise<number> {
    const out = await dynamoDb()
      .send(
        new UpdateItemCommand({
          TableName: tableName(),
          Key: toItem(keys.clientRequests(clientHash, minute)),
          UpdateExpression: 'ADD #n :one SET #ttl = if_not_exists(#ttl, :ttl), entity = :entity',
          ExpressionAttributeNames: { '#n': 'requests', '#ttl': TTL },
          ExpressionAttributeValues: toItem({
            ':one': 1,
            ':ttl': (minute + 1) * 60 + COUNTER_RETENTION_SECONDS,
            ':entity': 'CLIENT_RATE',
          }),
          ReturnValues: 'UPDATED_NEW',
        }),
      )
      .catch(rethrowTransient);
    return Number(out.Attributes?.requests?.N ?? '1');
  },

  /**
   * The salt of the day: the first request of the day creates it (a conditional put, so concurrent
   * first requests agree on one), every later one reads it.
   */
  async saltOfDay(day: string, nowEpochSeconds: number): Promise<Buffer> {
    const key = keys.rateSalt(day);
    const existing = await getItem(key, { consistent: true });
    const stored = existing.Item?.salt?.B;
    if (stored) return Buffer.from(stored);
    const salt = randomBytes(32);
    const written = await putIfMissing({
      ...toItem({ ...key, entity: 'RATE_SALT', [TTL]: nowEpochSeconds + SALT_RETENTION_SECONDS }),
      salt: { B: salt },
    });
    if (written) return salt;
    const winner = (await getItem(key, { consistent: true })).Item?.salt?.B;
    if (!winner) throw new Error('rate-limit salt vanished right after a concurrent write');
    return Buffer.from(winner);
  },
};
