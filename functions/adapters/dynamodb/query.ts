import {
  BatchGetItemCommand,
  type BatchGetItemCommandOutput,
  GetItemCommand,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/client-dynamodb';
import { dynamoDb, tableName } from './client.js';
import { rethrowTransient } from './errors.js';
import type { WorkList } from './keys.js';
import { type Item, toItem } from './marshalling.js';

/** Every item a query matches, through all of its pages (for bounded partitions: a trail, a year's list). */
export async function queryAll(
  input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>,
): Promise<Item[]> {
  const items: Item[] = [];
  let startKey: Item | undefined;
  do {
    const out = await dynamoDb()
      .send(new QueryCommand({ TableName: tableName(), ...input, ExclusiveStartKey: startKey }))
      .catch(rethrowTransient);
    items.push(...(out.Items ?? []));
    startKey = out.LastEvaluatedKey;
  } while (startKey);
  return items;
}

/** One item by key (strongly consistent when asked), with throttling rethrown as transient. */
export function getItem(
  key: Record<string, string>,
  options: { consistent?: boolean } = {},
): Promise<{ Item?: Item }> {
  return dynamoDb()
    .send(
      new GetItemCommand({ TableName: tableName(), Key: toItem(key), ConsistentRead: options.consistent }),
    )
    .catch(rethrowTransient);
}

const keyOf = (item: Item): string => `${item.PK?.S}\u0000${item.SK?.S}`;

/**
 * Several items by key in one call, each strongly consistent: the facts one step needs together
 * (a proposal and the year's rules, say) cost one round trip instead of one each. Answers in the
 * order asked, `undefined` for an item that does not exist. Keys DynamoDB leaves unprocessed
 * (throttling) are asked again after a short pause.
 */
export async function getItems(keyList: Record<string, string>[]): Promise<(Item | undefined)[]> {
  const found = new Map<string, Item>();
  let pending: Item[] = keyList.map((k) => toItem(k));
  for (let round = 0; pending.length > 0; round++) {
    if (round > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(50 * 2 ** round, 1000)));
    const out: BatchGetItemCommandOutput = await dynamoDb()
      .send(
        new BatchGetItemCommand({
          RequestItems: { [tableName()]: { Keys: pending, ConsistentRead: true } },
        }),
      )
      .catch(rethrowTransient);
    for (const item of out.Responses?.[tableName()] ?? []) found.set(keyOf(item), item);
    pending = (out.UnprocessedKeys?.[tableName()]?.Keys ?? []) as Item[];
  }
  return keyList.map((k) => found.get(keyOf(toItem(k))));
}

/**
 * The first `limit` items of one of the sweep's work lists (a sparse GSI3 partition) that were
 * put there before `before`, oldest first.
 */
export async function workListBefore(list: WorkList, before: string, limit: number): Promise<Item[]> {
  const out = await dynamoDb()
    .send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: 'GSI3',
        KeyConditionExpression: 'GSI3PK = :list AND GSI3SK < :before',
        ExpressionAttributeValues: toItem({ ':list': list, ':before': before }),
        Limit: limit,
      }),
    )
    .catch(rethrowTransient);
  return out.Items ?? [];
}
