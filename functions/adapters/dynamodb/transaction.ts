import {
  PutItemCommand,
  type PutItemCommandInput,
  type TransactWriteItem,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { TransientError } from '../../domain/errors.js';
import { dynamoDb, tableName } from './client.js';
import { ConditionFailedError, translateError } from './errors.js';

const CONFLICT_ATTEMPTS = 4;

const pause = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, 10 * 2 ** attempt + Math.random() * 20));

/**
 * The one way the repositories write several items together. A condition that fails is a
 * ConditionFailedError naming the items that failed; a conflict with a concurrent transaction on
 * the same items is retried a few times with jittered backoff (two approvers clicking at once must
 * not both be told they lost), then surfaces as TransientError for the caller's own retry.
 */
export async function transact(items: TransactWriteItem[]): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await dynamoDb().send(new TransactWriteItemsCommand({ TransactItems: items }));
      return;
    } catch (error) {
      try {
        translateError(error);
      } catch (translated) {
        if (translated instanceof TransientError && attempt < CONFLICT_ATTEMPTS) {
          await pause(attempt);
          continue;
        }
        throw translated;
      }
    }
  }
}

/**
 * A guarded write whose losing is an answer, not an error: true when written, false when its
 * condition failed; every other failure in the vocabulary of errors.ts.
 */
export async function guarded(write: () => Promise<unknown>): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (error) {
    if (error instanceof ConditionFailedError) return false;
    try {
      translateError(error);
    } catch (translated) {
      if (translated instanceof ConditionFailedError) return false;
      throw translated;
    }
  }
}

/** A transaction that may lose its race: false when one of its conditions failed. */
export const transactIfAllowed = (items: TransactWriteItem[]): Promise<boolean> =>
  guarded(() => transact(items));

/** A put that must not overwrite: true when written, false when the item was already there. */
export const putIfMissing = (item: PutItemCommandInput['Item']): Promise<boolean> =>
  guarded(() =>
    dynamoDb().send(
      new PutItemCommand({
        TableName: tableName(),
        Item: item,
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    ),
  );
