import type { StateMachine } from 'aws-local-stepfunctions';
import type { CompiledDefinition, TaskStateInfo } from './definition.js';
import type { JsonValue } from './json.js';
import type { PendingCallback } from './pending-callback.js';

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export type TaskHandler = (payload: unknown) => Promise<unknown>;

export type RunHandle = ReturnType<StateMachine['run']>;
/** One event of the library's `eventLogs` stream. */
export type LibraryEvent = RunHandle['eventLogs'] extends AsyncGenerator<infer E> ? E : never;

export interface MachineEntry {
  name: string;
  arn: string;
  roleArn: string;
  definition: CompiledDefinition;
  handlers: Readonly<Record<string, TaskHandler>>;
  creationDate: number;
  /** In start order; listings walk it backwards (newest first). */
  executions: Execution[];
}

/** One invocation of a Task's handler, kept for the execution history. */
export interface TaskAttempt {
  task: TaskStateInfo;
  /** The effective input: what the resource was called with (Parameters applied). */
  parameters: JsonValue;
  token: string | undefined;
  scheduledAt: number;
  timeoutSeconds: number | undefined;
  heartbeatSeconds: number | undefined;
  /** Callback tasks: when the handler returned, and what it returned. */
  submittedAt?: number;
  submitted?: JsonValue;
  /** The task's raw result (before ResultSelector / ResultPath). */
  output?: JsonValue;
}

/** The history as recorded: the library's events, each Task attempt placed after the event that began it. */
export type TimelineEntry = LibraryEvent | { type: 'TaskAttempt'; attempt: TaskAttempt };

export class Execution {
  status: ExecutionStatus = 'RUNNING';
  stopDate: number | undefined;
  output: string | undefined;
  error: string | undefined;
  cause: string | undefined;
  /** States entered, over the execution's whole life (a restart continues the count). */
  transitions = 0;
  /** Roughly how many history events the execution has produced (AWS stops at 25,000). */
  historyEvents = 0;
  /** undefined once dropped to bound memory, or for executions that ended before a restart. */
  timeline: TimelineEntry[] | undefined = [];
  /** The engine is shutting down: the run is stopped, but the execution stays RUNNING for the next start. */
  suspended = false;
  run: RunHandle | undefined;
  consumer: Promise<void> | undefined;
  deadline: NodeJS.Timeout | undefined;
  readonly callbacks = new Set<PendingCallback>();
  /**
   * The state a resumed run re-enters and when it was first entered: its first task attempt
   * keeps the timer it had before the restart (taken once, by that attempt).
   */
  resumedEntry: { state: string; at: number } | undefined;
  private readonly attempts = new Map<string, TaskAttempt[]>();
  private token: string | undefined;

  constructor(
    readonly serial: number,
    readonly arn: string,
    readonly name: string,
    readonly machine: MachineEntry,
    /** The input as given to StartExecution (JSON text). */
    readonly input: string,
    readonly startDate: number,
    private readonly mintToken: () => string,
  ) {}

  get active(): boolean {
    return this.status === 'RUNNING' && !this.suspended;
  }

  /**
   * The token `$$.Task.Token` resolves to. The library reads the context getter once per
   * reference, so the token is minted lazily and held until the Task's handler takes it: one
   * token per task attempt, however often the Parameters mention it.
   */
  currentToken(): string {
    this.token ??= this.mintToken();
    return this.token;
  }

  /** When the resumed state was entered, for the first attempt of that state after a restart. */
  takeResumedEntry(stateName: string): number | undefined {
    const entry = this.resumedEntry;
    if (entry?.state !== stateName) return undefined;
    this.resumedEntry = undefined;
    return entry.at;
  }

  takeToken(): string | undefined {
    const token = this.token;
    this.token = undefined;
    return token;
  }

  recordAttempt(attempt: TaskAttempt): void {
    const queue = this.attempts.get(attempt.task.name);
    if (queue) queue.push(attempt);
    else this.attempts.set(attempt.task.name, [attempt]);
  }

  /**
   * The attempt that began with a StateEntered / StateRetried event. The handler runs synchronously
   * after the library emits the event and the event stream delivers it later, so by then the
   * attempt is queued; a state whose Parameters failed has none (and the execution fails).
   */
  takeAttempt(stateName: string): TaskAttempt | undefined {
    return this.attempts.get(stateName)?.shift();
  }

  /** Attempts still queued when the run's event stream ends belong to no recorded event. */
  releaseAttempts(): void {
    this.attempts.clear();
  }
}
