import type { RunOptions } from 'aws-local-stepfunctions';
import {
  MAX_TIMER_SECONDS,
  type TaskStateInfo,
  WRAPPED_HEARTBEAT,
  WRAPPED_PAYLOAD,
  WRAPPED_TIMEOUT,
} from './definition.js';
import { handlerFailure, StateError } from './errors.js';
import type { Execution, TaskAttempt, TaskHandler } from './execution.js';
import { isJsonObject, type JsonObject, type JsonValue, toJson } from './json.js';
import type { PendingCallback } from './pending-callback.js';

export type LocalHandlers = NonNullable<NonNullable<RunOptions['overrides']>['taskResourceLocalHandlers']>;
type LibraryJson = Parameters<LocalHandlers[string]>[0];

export interface CallbackHost {
  mintToken(): string;
  /** Registers a callback task under its token until SendTaskSuccess / Failure or a timeout. */
  awaitCallback(execution: Execution, token: string, heartbeatSeconds: number | undefined): PendingCallback;
}

/** The library then fails the state with its own States.Runtime error (an invalid timeout value). */
const NEVER = new Promise<never>(() => {});

/** The library's `taskResourceLocalHandlers` for one execution: every Task state runs its handler. */
export function taskOverrides(execution: Execution, host: CallbackHost): LocalHandlers {
  const overrides: LocalHandlers = {};
  const handlers = execution.machine.handlers;
  for (const [name, task] of execution.machine.definition.tasks) {
    const handler = handlers[name];
    if (!handler) continue; // create() refuses machines with a Task without a handler
    overrides[name] = (input) =>
      runTask(execution, task, handler, input as JsonValue, host) as Promise<LibraryJson>;
  }
  return overrides;
}

function runTask(
  execution: Execution,
  task: TaskStateInfo,
  handler: TaskHandler,
  input: JsonValue,
  host: CallbackHost,
): Promise<JsonValue> {
  const token = execution.takeToken();
  if (!execution.active) {
    return Promise.reject(new StateError('States.Runtime', 'The execution is no longer running', false));
  }

  let parameters = input;
  let timeoutSeconds = task.timeoutSeconds;
  let heartbeatSeconds = task.heartbeatSeconds;
  if (task.wrapped && isJsonObject(input)) {
    parameters = input[WRAPPED_PAYLOAD] ?? null;
    if (WRAPPED_TIMEOUT in input) {
      const value = input[WRAPPED_TIMEOUT];
      if (!isPositiveInteger(value)) return NEVER;
      // The library reads the timeout from this object right after this call returns.
      timeoutSeconds = Math.min(value, MAX_TIMER_SECONDS);
      input[WRAPPED_TIMEOUT] = timeoutSeconds;
    }
    if (WRAPPED_HEARTBEAT in input) {
      const value = input[WRAPPED_HEARTBEAT];
      if (!isPositiveInteger(value)) {
        const message = `HeartbeatSecondsPath evaluated to ${JSON.stringify(value)}, but expected an integer >= 1`;
        return Promise.reject(new StateError('States.Runtime', message, false));
      }
      heartbeatSeconds = Math.min(value, MAX_TIMER_SECONDS);
    }
  }

  // A run resumed after a restart re-enters its state: that attempt keeps the timer it started
  // before the restart, as on AWS (the approval reminders and deadlines rely on it). Once the time
  // has passed, the handler is still called and the task then times out at once.
  const enteredAt = execution.takeResumedEntry(task.name);
  const resumedTimeoutMs =
    enteredAt === undefined || timeoutSeconds === undefined
      ? undefined
      : Math.max(0, enteredAt + timeoutSeconds * 1000 - Date.now());

  const attempt: TaskAttempt = {
    task,
    parameters,
    token: undefined,
    scheduledAt: Date.now(),
    timeoutSeconds,
    heartbeatSeconds,
  };
  execution.recordAttempt(attempt);
  const payload = toJson(task.integration === 'lambda-invoke' ? lambdaPayload(parameters) : parameters);

  if (!task.callback) {
    const result = invoke(handler, payload);
    return (resumedTimeoutMs === undefined ? result : withDeadline(result, resumedTimeoutMs)).then(
      (result) => {
        attempt.output = task.integration === 'lambda-invoke' ? lambdaInvokeResult(result) : result;
        return attempt.output;
      },
      (error: unknown) => {
        throw handlerFailure(error);
      },
    );
  }

  // A callback Task whose Parameters never read $$.Task.Token can only time out, as on AWS.
  attempt.token = token ?? host.mintToken();
  const callback = host.awaitCallback(execution, attempt.token, heartbeatSeconds);
  invoke(handler, payload).then(
    (result) => {
      attempt.submittedAt = Date.now();
      attempt.submitted = task.integration === 'lambda-invoke' ? lambdaInvokeResult(result) : result;
    },
    (error: unknown) => callback.fail(handlerFailure(error)),
  );
  // After the library has set its own timer (synchronously, once this function returns).
  const expiryMs = resumedTimeoutMs ?? (timeoutSeconds ?? MAX_TIMER_SECONDS) * 1000;
  queueMicrotask(() => callback.expireAfter(expiryMs));
  return callback.promise.then((output) => {
    attempt.output = output;
    return output;
  });
}

/** The handler's result, or States.Timeout once `ms` have passed (the library's own timer is longer). */
function withDeadline(result: Promise<JsonValue>, ms: number): Promise<JsonValue> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StateError('States.Timeout', 'Task timed out')), ms);
  });
  return Promise.race([result, expired]).finally(() => clearTimeout(timer));
}

function invoke(handler: TaskHandler, payload: JsonValue): Promise<JsonValue> {
  try {
    return Promise.resolve(handler(payload)).then(toJson);
  } catch (error) {
    return Promise.reject(error);
  }
}

/** lambda:invoke calls the function with its Payload parameter. */
function lambdaPayload(parameters: JsonValue): JsonValue {
  return isJsonObject(parameters) && 'Payload' in parameters ? (parameters.Payload ?? null) : {};
}

/** What the lambda:invoke integration returns on AWS (the function's result under Payload). */
function lambdaInvokeResult(result: JsonValue): JsonObject {
  return { ExecutedVersion: '$LATEST', Payload: result, StatusCode: 200 };
}

function isPositiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1;
}
