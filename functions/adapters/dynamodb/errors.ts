import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransientError } from '../../domain/errors.js';

const TRANSIENT_NAMES = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'TransactionConflictException',
]);

/** Which items of a cancelled transaction failed their condition, by position. */
export function conditionFailures(error: unknown): boolean[] | null {
  if (!(error instanceof TransactionCanceledException)) return null;
  const reasons = error.CancellationReasons ?? [];
  // A conflict with another transaction is a race to retry, not a failed business condition.
  if (reasons.some((r) => r.Code === 'TransactionConflict'))
    throw new TransientError('Transaksi bertabrakan');
  return reasons.map((r) => r.Code === 'ConditionalCheckFailed');
}

/** Rethrows DynamoDB's retryable failures under the name the state machine retries on. */
export function rethrowTransient(error: unknown): never {
  if (error instanceof Error && TRANSIENT_NAMES.has(error.name)) throw new TransientError(error.message);
  throw error;
}
