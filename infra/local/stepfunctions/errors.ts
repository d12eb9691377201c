/**
 * Errors of the Step Functions API. `name` is the AWS error code, so a programmatic caller and an
 * SDK caller (whose exceptions carry the same name) branch the same way.
 */
export type SfnErrorCode =
  | 'ExecutionAlreadyExists'
  | 'ExecutionDoesNotExist'
  | 'InternalFailure'
  | 'InvalidArn'
  | 'InvalidExecutionInput'
  | 'InvalidName'
  | 'InvalidOutput'
  | 'InvalidToken'
  | 'SerializationException'
  | 'StateMachineDoesNotExist'
  | 'TaskTimedOut'
  | 'UnknownOperationException'
  | 'ValidationException';

export class SfnServiceError extends Error {
  constructor(
    readonly code: SfnErrorCode,
    message: string,
    readonly httpStatus = 400,
  ) {
    super(message);
    this.name = code;
  }
}

export const sfnError = (code: SfnErrorCode, message: string): SfnServiceError =>
  new SfnServiceError(code, message);

/**
 * A failure as the state machine sees it: `name` is the ASL error name that Retry and Catch match
 * (the library compares `error.name`), `message` becomes the Cause.
 */
export class StateError extends Error {
  /** Read by the library: States.Runtime-like failures are neither retried nor caught. */
  readonly isRetryable: boolean;
  readonly isCatchable: boolean;

  constructor(name: string, cause: string, recoverable = true) {
    super(cause);
    this.name = name;
    this.isRetryable = recoverable;
    this.isCatchable = recoverable;
  }
}

/**
 * What a failed Lambda function reports on AWS: the error type is the thrown error's `name`, the
 * cause a JSON document with the message and the stack trace.
 */
export function handlerFailure(error: unknown): StateError {
  if (error instanceof StateError) return error;
  const errorType = error instanceof Error ? error.name : 'Error';
  const errorMessage = error instanceof Error ? error.message : String(error);
  const trace = error instanceof Error && error.stack ? error.stack.split('\n') : [];
  return new StateError(errorType, JSON.stringify({ errorType, errorMessage, trace }));
}
