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
  /**
   * Calls a Task's handler when the engine has room for it (a bounded number run at once);
   * `started` is called right before the handler is.
   */
  invokeHandler(
    execution: Execution,
    handler: TaskHandler,
    payload: JsonValue,
    started: () => void,
  ): Promise<JsonValue>;
}

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
      if (!isPositiveInteger(value)) {
        const message = `TimeoutSecondsPath evaluated to ${JSON.stringify(value)}, but expected an integer >= 1`;
        return Promise.reject(new StateError('States.Runtime', message, false));
      }
      timeoutSeconds = Math.min(value, MAX_TIMER_SECONDS);
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

  // The timeout runs from when the handler starts (a Task waiting for a handler slot is not yet
  // running). A run resumed after a restart re-enters its state: that attempt keeps the timer it
  // started before the restart, as on AWS (the approval reminders and deadlines rely on it); once
  // that time has passed, the handler is still called and the task then times out at once.
  const enteredAt = execution.takeResumedEntry(task.name);
  const timeoutMs = (timeoutSeconds ?? MAX_TIMER_SECONDS) * 1000;
  const remainingMs = () =>
    enteredAt === undefined ? timeoutMs : Math.max(0, enteredAt + timeoutMs - Date.now());

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
    return withDeadline(
      (started) => host.invokeHandler(execution, handler, payload, started),
      remainingMs,
    ).then(
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
  host
    .invokeHandler(execution, handler, payload, () => callback.expireAfter(remainingMs()))
    .then(
      (result) => {
        attempt.submittedAt = Date.now();
        attempt.submitted = task.integration === 'lambda-invoke' ? lambdaInvokeResult(result) : result;
      },
      (error: unknown) => callback.fail(handlerFailure(error)),
    );
  return callback.promise.then((output) => {
    attempt.output = output;
    return output;
  });
}

/**
 * The handler's result, or States.Timeout once `remainingMs()` have passed since the handler
 * started (the library only keeps its longest timer, as a backstop).
 */
function withDeadline(
  run: (started: () => void) => Promise<JsonValue>,
  remainingMs: () => number,
): Promise<JsonValue> {
  let timer: NodeJS.Timeout | undefined;
  let expire!: (error: Error) => void;
  const expired = new Promise<never>((_, reject) => {
    expire = reject;
  });
  const result = run(() => {
    timer = setTimeout(() => expire(new StateError('States.Timeout', 'Task timed out')), remainingMs());
  });
  return Promise.race([result, expired]).finally(() => clearTimeout(timer));
}

export function invoke(handler: TaskHandler, payload: JsonValue): Promise<JsonValue> {
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
