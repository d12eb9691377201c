/**
 * Errors that cross the domain boundary. The code is a stable English identifier that clients
 * may switch on; the message is Bahasa Indonesia for people (docs/api.md "Errors").
 */
export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'INVALID_TRANSITION'
  | 'CONFLICT'
  | 'ROUND_NOT_OPEN'
  | 'ROUND_CLOSED'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'PAYLOAD_TOO_LARGE'
  | 'ACTION_USED'
  | 'ACTION_EXPIRED'
  | 'ACTION_NOT_FOUND'
  | 'NO_RULE_SET'
  | 'INTERNAL';

export interface ErrorDetail {
  path: string;
  message: string;
}

export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly httpStatus: 400 | 401 | 403 | 404 | 409 | 410 | 413 | 415 | 422 | 500 = 400,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
  }
}

export const notFound = (what: string): DomainError =>
  new DomainError('NOT_FOUND', `${what} tidak ditemukan`, 404);
export const forbidden = (message = 'Anda tidak berwenang melakukan tindakan ini'): DomainError =>
  new DomainError('FORBIDDEN', message, 403);

/**
 * Thrown by adapters for failures worth retrying (throttling, a lost race). The state machine's
 * Retry blocks match this name, so it must stay stable.
 */
export class TransientError extends Error {
  override readonly name = 'TransientError';
}

/** 400 VALIDATION_FAILED listing every problem a schema found, each with its dotted path. */
export const validationFailed = (
  message: string,
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
): DomainError =>
  new DomainError(
    'VALIDATION_FAILED',
    message,
    400,
    issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })),
  );
