import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DomainError, TransientError } from '../../domain/errors.js';

/**
 * The one vocabulary of the DynamoDB adapters: a guarded write that lost (ConditionFailedError,
 * with which items of a transaction failed), a race worth retrying (TransientError), and
 * everything else as it came.
 */
const TRANSIENT_NAMES = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'TransactionConflictException',
  'TransactionInProgressException',
]);

/** A guarded write lost: someone changed the record first, or a condition on a side record failed. */
export class ConditionFailedError extends DomainError {
  constructor(readonly failedItems: boolean[]) {
    super('CONFLICT', 'Data telah diubah oleh proses lain; muat ulang lalu coba lagi', 409);
  }
}

/**
 * Which items of a cancelled transaction failed their condition, by position; null when the
 * error is not a cancelled transaction. A conflict with another transaction is a race to retry,
 * not a failed business condition: it is thrown as TransientError.
 */
export function conditionFailures(error: unknown): boolean[] | null {
  if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return [true];
  if (!(error instanceof TransactionCanceledException)) return null;
  const reasons = error.CancellationReasons ?? [];
  if (reasons.some((r) => r.Code === 'TransactionConflict'))
    throw new TransientError('Transaksi bertabrakan');
  return reasons.map((r) => r.Code === 'ConditionalCheckFailed');
}

/** Rethrows DynamoDB's retryable failures under the name the state machine retries on. */
export function rethrowTransient(error: unknown): never {
  if (error instanceof Error && TRANSIENT_NAMES.has(error.name)) throw new TransientError(error.message);
  throw error;
}

/** Any DynamoDB error in the vocabulary above. */
export function translateError(error: unknown): never {
  const failed = conditionFailures(error);
  if (failed) throw new ConditionFailedError(failed);
  rethrowTransient(error);
}
