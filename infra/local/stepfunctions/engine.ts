import { ExecutionError, type RunOptions } from 'aws-local-stepfunctions';
import type { ArnFactory } from './arns.js';
import { MAX_TIMER_SECONDS, ORIGINAL_EXECUTION } from './definition.js';
import { SfnServiceError, StateError, sfnError } from './errors.js';
import {
  Execution,
  type ExecutionStatus,
  type LibraryEvent,
  type MachineEntry,
  type TaskHandler,
  type TimelineEntry,
} from './execution.js';
import { historyEventCount, MAX_HISTORY_EVENTS } from './history.js';
import type { Journal, JournaledExecution, StateRecord } from './journal.js';
import type { JsonValue } from './json.js';
import { PendingCallback } from './pending-callback.js';
import type { TaskQueue } from './task-queue.js';
import { type CallbackHost, invoke, type LocalHandlers, taskOverrides } from './task-runner.js';
import type { TaskTokens } from './task-tokens.js';

type Overrides = NonNullable<RunOptions['overrides']>;
type LibraryJson = Parameters<LocalHandlers[string]>[0];

/** Finished executions whose full history stays in memory; older ones keep their summary only. */
const RETAINED_HISTORIES = 10_000;

export interface EngineMetrics {
  executionsStarted: number;
  running: number;
  stateTransitions: number;
  /** Task handler invocations waiting for a slot or running (callback tasks until their handler returns). */
  pendingTasks: number;
  /** Task handler invocations finished since the engine started. */
  completedTasks: number;
}

interface Ending {
  output?: string;
  error?: string;
  cause?: string;
}

/**
 * Runs executions on the library: starts and resumes runs, records what the journal and the
 * history need from each run's event stream, settles callback tasks, and ends executions.
 */
export class ExecutionEngine implements CallbackHost {
  readonly machines = new Map<string, MachineEntry>();
  private readonly executions = new Map<string, Execution>();
  private readonly callbacks = new Map<string, PendingCallback>();
  private readonly retained: Execution[] = [];
  private nextSerial = 0;
  private executionsStarted = 0;
  private running = 0;
  private stateTransitions = 0;
  private closing = false;

  constructor(
    private readonly arns: ArnFactory,
    private readonly journal: Journal,
    private readonly tokens: TaskTokens,
    private readonly queue: TaskQueue,
    private readonly log: (message: string) => void,
  ) {}

  find(arn: string): Execution | undefined {
    return this.executions.get(arn);
  }

  metrics(): EngineMetrics {
    return {
      executionsStarted: this.executionsStarted,
      running: this.running,
      stateTransitions: this.stateTransitions,
      pendingTasks: this.queue.backlog,
      completedTasks: this.queue.completedCount,
    };
  }

  /** Registers the journal's executions and resumes those still running. */
  restore(journaled: JournaledExecution[]): { resumed: number; unknownMachine: number } {
    let resumed = 0;
    let unknownMachine = 0;
    for (const { start, state, end } of journaled) {
      const machine = this.machines.get(start.machine);
      if (!machine) {
        unknownMachine++;
        continue;
      }
      const execution = this.register(start.arn, start.name, machine, start.input, start.startDate);
      execution.transitions = end?.n ?? state?.n ?? 0;
      if (end) {
        execution.status = end.status;
        execution.stopDate = end.stopDate;
        execution.output = end.output;
        execution.error = end.error;
        execution.cause = end.cause;
        execution.timeline = undefined;
        continue;
      }
      this.running++;
      resumed++;
      this.resume(execution, state);
    }
    return { resumed, unknownMachine };
  }

  /** A new execution, or the running one of that name when the input is the same (idempotent start). */
  start(machine: MachineEntry, name: string, input: string, parsed: JsonValue): Execution {
    const arn = this.arns.execution(machine.name, name);
    const existing = this.executions.get(arn);
    if (existing) {
      if (existing.status === 'RUNNING' && sameJson(existing.input, parsed)) return existing;
      throw sfnError('ExecutionAlreadyExists', `Execution Already Exists: '${arn}'`);
    }
    if (this.closing) throw new SfnServiceError('InternalFailure', 'The engine is shutting down', 503);
    const execution = this.register(arn, name, machine, input, Date.now());
    this.executionsStarted++;
    this.running++;
    this.journal.started({
      t: 'start',
      arn,
      name,
      machine: machine.name,
      input,
      startDate: execution.startDate,
    });
    this.launch(execution, parsed, parsed);
    return execution;
  }

  stop(execution: Execution, error: string | undefined, cause: string | undefined): void {
    if (execution.status !== 'RUNNING') return;
    this.finish(execution, 'ABORTED', { error, cause }, Date.now(), true);
  }

  sendTaskSuccess(token: string, output: JsonValue): void {
    this.openCallback(token).succeed(output);
  }

  sendTaskFailure(token: string, error: string | undefined, cause: string | undefined): void {
    this.openCallback(token).fail(new StateError(error ?? '', cause ?? ''));
  }

  sendTaskHeartbeat(token: string): void {
    this.openCallback(token).heartbeat();
  }

  /** Stops every run without ending its execution: the next engine on this journal resumes them. */
  async shutdown(): Promise<void> {
    this.closing = true;
    const consumers: Promise<void>[] = [];
    for (const execution of this.executions.values()) {
      if (!execution.active) continue;
      execution.suspended = true;
      clearTimeout(execution.deadline);
      this.halt(execution);
      if (execution.consumer) consumers.push(execution.consumer);
    }
    await Promise.allSettled(consumers);
  }

  mintToken = (): string => this.tokens.mint();

  invokeHandler(
    execution: Execution,
    handler: TaskHandler,
    payload: JsonValue,
    started: () => void,
  ): Promise<JsonValue> {
    return this.queue.run(() => {
      // Stopped or suspended while it waited for a slot: the handler is not called.
      if (!execution.active)
        return Promise.reject(new StateError('States.Runtime', 'The execution is no longer running', false));
      started();
      return invoke(handler, payload);
    });
  }

  awaitCallback(execution: Execution, token: string, heartbeatSeconds: number | undefined): PendingCallback {
    const callback = new PendingCallback(token, heartbeatSeconds, (closed) => {
      this.callbacks.delete(closed.token);
      execution.callbacks.delete(closed);
    });
    this.callbacks.set(token, callback);
    execution.callbacks.add(callback);
    return callback;
  }

  private openCallback(token: string): PendingCallback {
    const callback = this.callbacks.get(token);
    if (callback) return callback;
    if (this.tokens.isGenuine(token)) {
      throw sfnError('TaskTimedOut', 'Task Timed Out: Provided task does not exist anymore');
    }
    throw sfnError(
      'InvalidToken',
      'Invalid Token: the task token is malformed or was not issued by this engine',
    );
  }

  private register(
    arn: string,
    name: string,
    machine: MachineEntry,
    input: string,
    startDate: number,
  ): Execution {
    const execution = new Execution(this.nextSerial++, arn, name, machine, input, startDate, this.mintToken);
    this.executions.set(arn, execution);
    machine.executions.push(execution);
    return execution;
  }

  private resume(execution: Execution, state: StateRecord | undefined): void {
    let input: JsonValue;
    try {
      input = JSON.parse(execution.input) as JsonValue;
    } catch {
      this.finish(execution, 'FAILED', {
        error: 'States.Runtime',
        cause: 'The journaled input is not valid JSON',
      });
      return;
    }
    if (!state) {
      this.launch(execution, input, input);
      return;
    }
    const info = execution.machine.definition.states.get(state.state);
    if (!info?.topLevel) {
      const cause = `Cannot resume at state '${state.state}': the definition has no such top-level state`;
      this.finish(execution, 'FAILED', { error: 'States.Runtime', cause });
      return;
    }
    this.launch(execution, input, state.input, state, info.waitSeconds);
  }

  private launch(
    execution: Execution,
    executionInput: JsonValue,
    stateInput: JsonValue,
    resumeAt?: StateRecord,
    waitSeconds?: number,
  ): void {
    const { definition } = execution.machine;
    const overrides: Overrides = { taskResourceLocalHandlers: taskOverrides(execution, this) };
    execution.resumedEntry = resumeAt && { state: resumeAt.state, at: resumeAt.at };
    if (resumeAt && waitSeconds !== undefined) {
      const left = Math.max(0, resumeAt.at + waitSeconds * 1000 - Date.now());
      overrides.waitTimeOverrides = firstEntryOnly(resumeAt.state, left);
    }
    const startTime = new Date(execution.startDate).toISOString();
    const context = {
      Execution: {
        Id: execution.arn,
        Name: execution.name,
        StartTime: startTime,
        RoleArn: execution.machine.roleArn,
      },
      StateMachine: { Id: execution.machine.arn, Name: execution.machine.name },
      [ORIGINAL_EXECUTION]: { Input: executionInput, StartTime: startTime },
      Task: {
        get Token() {
          return execution.currentToken();
        },
      },
    };
    const run = definition
      .machineFor(resumeAt?.state)
      .run(stateInput as LibraryJson, { overrides, context, noThrowOnAbort: true });
    execution.run = run;
    execution.consumer = this.consume(execution, run.eventLogs, resumeAt !== undefined).catch(
      (error: unknown) =>
        this.log(`stepfunctions: event stream of ${execution.arn} failed: ${String(error)}`),
    );
    run.result.then(
      (output) => this.succeeded(execution, output as JsonValue),
      (error: unknown) => this.failed(execution, error),
    );
    this.armDeadline(execution);
  }

  private async consume(
    execution: Execution,
    events: AsyncGenerator<LibraryEvent>,
    resumed: boolean,
  ): Promise<void> {
    // A resumed run re-enters the state the execution was in: not a new transition.
    let reentry = resumed;
    const { states } = execution.machine.definition;
    for await (const event of events) {
      switch (event.type) {
        case 'ExecutionStarted':
        case 'ExecutionSucceeded':
        case 'ExecutionFailed':
        case 'ExecutionAborted':
        case 'ExecutionTimeout':
          // The run's own ending; the execution's end is recorded by finish().
          break;
        case 'StateEntered':
          if (reentry) {
            reentry = false;
          } else {
            execution.transitions++;
            this.stateTransitions++;
            if (execution.status === 'RUNNING' && states.get(event.state.name)?.topLevel) {
              this.journal.stateEntered({
                t: 'state',
                arn: execution.arn,
                state: event.state.name,
                input: event.state.input as JsonValue,
                n: execution.transitions,
                at: event.timestamp,
              });
            }
          }
          this.record(execution, event);
          if (event.state.type === 'Task') this.recordAttempt(execution, event.state.name);
          break;
        case 'StateRetried':
          this.record(execution, event);
          if (event.state.type === 'Task') this.recordAttempt(execution, event.state.name);
          break;
        default:
          this.record(execution, event);
      }
    }
    execution.releaseAttempts();
  }

  private recordAttempt(execution: Execution, stateName: string): void {
    const attempt = execution.takeAttempt(stateName);
    if (attempt) this.record(execution, { type: 'TaskAttempt', attempt });
  }

  private record(execution: Execution, entry: TimelineEntry): void {
    execution.timeline?.push(entry);
    execution.historyEvents += historyEventCount(entry);
    if (execution.historyEvents >= MAX_HISTORY_EVENTS - 1 && execution.active) {
      const cause = `The execution reached the maximum number of history events (${MAX_HISTORY_EVENTS}).`;
      this.finish(execution, 'FAILED', { error: 'States.Runtime', cause }, Date.now(), true);
    }
  }

  private succeeded(execution: Execution, output: JsonValue): void {
    // Not active: stopped, timed out or suspended, and already accounted for.
    if (!execution.active) return;
    this.finish(execution, 'SUCCEEDED', { output: JSON.stringify(output) });
  }

  private failed(execution: Execution, error: unknown): void {
    if (!execution.active) return;
    const reason = error instanceof ExecutionError && error.cause instanceof Error ? error.cause : error;
    if (!(reason instanceof Error)) {
      this.finish(execution, 'FAILED', { error: 'States.Runtime', cause: String(reason) });
      return;
    }
    const detail: unknown = reason.cause ?? reason.message;
    const cause = typeof detail === 'string' ? detail : JSON.stringify(detail);
    this.finish(execution, 'FAILED', { error: reason.name || undefined, cause: cause || undefined });
  }

  private finish(
    execution: Execution,
    status: Exclude<ExecutionStatus, 'RUNNING'>,
    ending: Ending,
    stopDate = Date.now(),
    stopRun = false,
  ): void {
    execution.status = status;
    execution.stopDate = stopDate;
    execution.output = ending.output;
    execution.error = ending.error;
    execution.cause = ending.cause;
    clearTimeout(execution.deadline);
    this.running--;
    this.journal.ended({
      t: 'end',
      arn: execution.arn,
      status,
      stopDate,
      ...ending,
      n: execution.transitions,
    });
    if (stopRun) this.halt(execution);
    execution.run = undefined;
    this.retain(execution);
  }

  /** Aborts the run and fails its open callbacks, so that the library's run unwinds. */
  private halt(execution: Execution): void {
    execution.run?.abort();
    for (const callback of [...execution.callbacks]) {
      callback.fail(new StateError('States.Runtime', 'The execution is no longer running', false));
    }
  }

  /** Keeps the full history of the latest RETAINED_HISTORIES to twice that many finished executions. */
  private retain(execution: Execution): void {
    this.retained.push(execution);
    if (this.retained.length > 2 * RETAINED_HISTORIES) {
      // Trimmed in bulk, so that the cost per execution stays constant.
      for (const old of this.retained.splice(0, this.retained.length - RETAINED_HISTORIES))
        old.timeline = undefined;
    }
  }

  /** The definition's TimeoutSeconds counts from the execution's start, across restarts. */
  private armDeadline(execution: Execution): void {
    const seconds = execution.machine.definition.executionTimeoutSeconds;
    if (seconds === undefined) return;
    const deadline = execution.startDate + seconds * 1000;
    const arm = () => {
      const left = deadline - Date.now();
      if (left > MAX_TIMER_SECONDS * 1000) {
        execution.deadline = setTimeout(arm, MAX_TIMER_SECONDS * 1000);
        return;
      }
      execution.deadline = setTimeout(
        () => {
          if (execution.active)
            this.finish(execution, 'TIMED_OUT', { error: 'States.Timeout' }, deadline, true);
        },
        Math.max(0, left),
      );
    };
    arm();
  }
}

function sameJson(text: string, value: JsonValue): boolean {
  try {
    return JSON.stringify(JSON.parse(text)) === JSON.stringify(value);
  } catch {
    return false;
  }
}

/**
 * A Wait override that applies to the first entry only (the resumed one, which waits what was
 * left before the restart); the library reads the override once per entry.
 */
function firstEntryOnly(stateName: string, milliseconds: number): Record<string, number> {
  let left: number | undefined = milliseconds;
  return Object.defineProperty({} as Record<string, number>, stateName, {
    enumerable: true,
    get() {
      const value = left;
      left = undefined;
      return value;
    },
  });
}
