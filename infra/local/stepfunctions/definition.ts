import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';

type Node = { [key: string]: unknown };

/** Keys the engine adds to a rewritten Task's Parameters; the task runner takes them off again. */
export const WRAPPED_PAYLOAD = '__localPayload';
export const WRAPPED_TIMEOUT = '__localTimeoutSeconds';
export const WRAPPED_HEARTBEAT = '__localHeartbeatSeconds';
/** Context field that keeps the execution's own input and start time (see rewriteContextPaths). */
export const ORIGINAL_EXECUTION = 'LocalExecution';
/** setTimeout's ceiling (2^31-1 ms, about 24.8 days): a longer delay fires at once in Node. */
export const MAX_TIMER_SECONDS = 2_147_483;

export type TaskIntegration = 'lambda-function' | 'lambda-invoke' | 'service';

export interface TaskStateInfo {
  name: string;
  resource: string;
  integration: TaskIntegration;
  /** `.waitForTaskToken`: the task ends on SendTaskSuccess/Failure, not on the handler's return. */
  callback: boolean;
  /** For history events: e.g. resourceType 'lambda', resourceName 'invoke.waitForTaskToken'. */
  resourceType: string;
  resourceName: string;
  region: string | undefined;
  /** Static timeout (clamped to what a timer can hold); absent when it comes from the input. */
  timeoutSeconds: number | undefined;
  heartbeatSeconds: number | undefined;
  /** true when the rewritten Parameters carry WRAPPED_PAYLOAD and the path-derived values. */
  wrapped: boolean;
}

export interface StateInfo {
  name: string;
  type: string;
  /** Only top-level states can be a resume point: the library runs branches as nested machines. */
  topLevel: boolean;
  /** A Wait state's static Seconds, to wait only what is left after a restart. */
  waitSeconds: number | undefined;
}

/**
 * A definition validated once and prepared for the library. The library builds and validates a
 * machine in 100-400 ms, so machines are built once per start state and reused by every run.
 */
export class CompiledDefinition {
  private readonly machines = new Map<string, StateMachine>();

  constructor(
    readonly text: string,
    readonly startAt: string,
    readonly states: ReadonlyMap<string, StateInfo>,
    readonly tasks: ReadonlyMap<string, TaskStateInfo>,
    /** The definition's own TimeoutSeconds, enforced by the engine from the execution's start. */
    readonly executionTimeoutSeconds: number | undefined,
    private readonly runnable: Node,
  ) {}

  /**
   * The machine that starts at `startAt`. Resumed runs start at a later state, which the library's
   * validator would report as leaving earlier states unreachable, so only the original is validated.
   */
  machineFor(startAt: string = this.startAt): StateMachine {
    let machine = this.machines.get(startAt);
    if (!machine) {
      const definition = { ...this.runnable, StartAt: startAt } as unknown as StateMachineDefinition;
      machine = new StateMachine(definition, { validationOptions: { noValidate: true } });
      this.machines.set(startAt, machine);
    }
    return machine;
  }
}

export function compileDefinition(text: string): CompiledDefinition {
  let parsed: Node;
  try {
    parsed = JSON.parse(text) as Node;
  } catch (error) {
    throw new Error(`State machine definition is not valid JSON: ${(error as Error).message}`);
  }
  // Throws with the validator's report when the definition as written is not valid ASL.
  new StateMachine(parsed as unknown as StateMachineDefinition);

  const runnable = structuredClone(parsed);
  const executionTimeoutSeconds =
    typeof runnable.TimeoutSeconds === 'number' ? runnable.TimeoutSeconds : undefined;
  delete runnable.TimeoutSeconds;
  rewriteContextPaths(runnable);

  const states = new Map<string, StateInfo>();
  const tasks = new Map<string, TaskStateInfo>();
  forEachState(runnable, true, (name, state, topLevel) => {
    const type = String(state.Type);
    states.set(name, {
      name,
      type,
      topLevel,
      waitSeconds: type === 'Wait' && typeof state.Seconds === 'number' ? state.Seconds : undefined,
    });
    if (type === 'Task') tasks.set(name, prepareTask(name, state));
  });
  return new CompiledDefinition(
    text,
    String(parsed.StartAt),
    states,
    tasks,
    executionTimeoutSeconds,
    runnable,
  );
}

function forEachState(
  machine: Node,
  topLevel: boolean,
  visit: (name: string, state: Node, topLevel: boolean) => void,
) {
  const states = (machine.States ?? {}) as Record<string, Node>;
  for (const [name, state] of Object.entries(states)) {
    visit(name, state, topLevel);
    if (state.Type === 'Parallel') {
      for (const branch of (state.Branches ?? []) as Node[]) forEachState(branch, false, visit);
    } else if (state.Type === 'Map') {
      const processor = (state.ItemProcessor ?? state.Iterator) as Node | undefined;
      if (processor) forEachState(processor, false, visit);
    }
  }
}

/**
 * Rewrites one Task so that the library runs it as AWS does. The task runner enforces every Task's
 * timeout (from when its handler starts, or from the state's first entry for a run resumed after a
 * restart); the library keeps only the longest timer a timer can hold, as a backstop. And:
 * - a Task without TimeoutSeconds waits as long as a timer can hold, where the library would apply
 *   60 s (callbacks wait for a person);
 * - the library reads TimeoutSecondsPath from the effective input (after Parameters), where AWS
 *   reads it from the state input: the value is carried inside the Parameters, under a key the task
 *   runner removes before calling the handler; HeartbeatSecondsPath travels the same way.
 */
function prepareTask(name: string, state: Node): TaskStateInfo {
  const resource = String(state.Resource);
  const timeoutPath = typeof state.TimeoutSecondsPath === 'string' ? state.TimeoutSecondsPath : undefined;
  const heartbeatPath =
    typeof state.HeartbeatSecondsPath === 'string' ? state.HeartbeatSecondsPath : undefined;
  const wrapped = timeoutPath !== undefined || heartbeatPath !== undefined;

  if (wrapped) {
    const parameters: Node =
      'Parameters' in state ? { [WRAPPED_PAYLOAD]: state.Parameters } : { [`${WRAPPED_PAYLOAD}.$`]: '$' };
    if (timeoutPath !== undefined) {
      parameters[`${WRAPPED_TIMEOUT}.$`] = timeoutPath;
      delete state.TimeoutSecondsPath;
    }
    if (heartbeatPath !== undefined) {
      parameters[`${WRAPPED_HEARTBEAT}.$`] = heartbeatPath;
      delete state.HeartbeatSecondsPath;
    }
    state.Parameters = parameters;
  }
  let timeoutSeconds: number | undefined;
  if (timeoutPath === undefined) {
    timeoutSeconds = Math.min(
      typeof state.TimeoutSeconds === 'number' ? state.TimeoutSeconds : MAX_TIMER_SECONDS,
      MAX_TIMER_SECONDS,
    );
  }
  state.TimeoutSeconds = MAX_TIMER_SECONDS;
  const heartbeatSeconds = typeof state.HeartbeatSeconds === 'number' ? state.HeartbeatSeconds : undefined;
  return { name, resource, ...describeResource(resource), timeoutSeconds, heartbeatSeconds, wrapped };
}

function describeResource(
  resource: string,
): Pick<TaskStateInfo, 'integration' | 'callback' | 'resourceType' | 'resourceName' | 'region'> {
  const lambda = /^arn:[^:]+:lambda:([^:]*):[^:]*:function:/.exec(resource);
  if (lambda) {
    return {
      integration: 'lambda-function',
      callback: false,
      resourceType: 'lambda',
      resourceName: resource,
      region: lambda[1],
    };
  }
  const callback = resource.endsWith('.waitForTaskToken');
  const service = /^arn:[^:]+:states:([^:]*):[^:]*:([^:]+):(.+)$/.exec(resource);
  if (service?.[2] && service[3]) {
    const [, region, resourceType, resourceName] = service;
    const integration =
      resourceType === 'lambda' && resourceName.startsWith('invoke') ? 'lambda-invoke' : 'service';
    return { integration, callback, resourceType, resourceName, region: region || undefined };
  }
  return {
    integration: 'service',
    callback,
    resourceType: 'unknown',
    resourceName: resource,
    region: undefined,
  };
}

const EXECUTION_INPUT_OR_START = /\$\$\.Execution\.(Input|StartTime)(?![A-Za-z0-9_])/g;

/**
 * The library always sets `$$.Execution.Input` and `$$.Execution.StartTime` to the run's input
 * and start; a run resumed after a restart starts mid-way with a state's input. References are
 * pointed at a context field the engine fills with the execution's own values instead.
 */
function rewriteContextPaths(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) rewriteContextPaths(item);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const object = node as Node;
  for (const [key, value] of Object.entries(object)) {
    if (key === 'Result') continue; // a Pass state's literal data, never evaluated
    if (typeof value === 'string') {
      const isPath =
        key.endsWith('.$') || key === 'Variable' || (key.endsWith('Path') && key !== 'ResultPath');
      if (isPath) object[key] = value.replace(EXECUTION_INPUT_OR_START, `$$$$.${ORIGINAL_EXECUTION}.$1`);
    } else {
      rewriteContextPaths(value);
    }
  }
}
