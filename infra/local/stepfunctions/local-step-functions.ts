import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type {
  DescribeExecutionInput,
  DescribeExecutionOutput,
  DescribeStateMachineInput,
  DescribeStateMachineOutput,
  ExecutionListItem,
  GetExecutionHistoryInput,
  GetExecutionHistoryOutput,
  ListExecutionsInput,
  ListExecutionsOutput,
  ListStateMachinesInput,
  ListStateMachinesOutput,
  SendTaskFailureInput,
  SendTaskHeartbeatInput,
  SendTaskSuccessInput,
  StartExecutionInput,
  StartExecutionOutput,
  StopExecutionInput,
  StopExecutionOutput,
} from '@aws-sdk/client-sfn';
import { DataDirLock } from '../data-dir-lock.js';
import { ArnFactory, assertExecutionArn, assertValidName, stateMachineNameOf } from './arns.js';
import { compileDefinition } from './definition.js';
import { type EngineMetrics, ExecutionEngine } from './engine.js';
import { sfnError } from './errors.js';
import type { Execution, MachineEntry, TaskHandler } from './execution.js';
import { executionHistory } from './history.js';
import { Journal } from './journal.js';
import type { JsonValue } from './json.js';
import { decodePageToken, encodePageToken, pageSize } from './page-token.js';
import type { SfnOperations } from './protocol.js';
import {
  describeExecutionRequest,
  describeStateMachineRequest,
  getExecutionHistoryRequest,
  listExecutionsRequest,
  listStateMachinesRequest,
  parseRequest,
  sendTaskFailureRequest,
  sendTaskHeartbeatRequest,
  sendTaskSuccessRequest,
  startExecutionRequest,
  stopExecutionRequest,
} from './requests.js';
import { startSfnServer, stopSfnServer } from './server.js';
import { TaskQueue } from './task-queue.js';
import { TaskTokens } from './task-tokens.js';

export interface LocalStateMachineConfig {
  /** e.g. 'ikm-proposal' */
  name: string;
  /** ASL JSON text, placeholders already substituted. */
  definition: string;
  /** Keyed by Task state name; every Task state needs one. */
  taskHandlers: Record<string, TaskHandler>;
}

export interface LocalStepFunctionsOptions {
  region: string;
  accountId: string;
  /** The journal lives here; created if missing. */
  dataDir: string;
  machines: LocalStateMachineConfig[];
  /**
   * How many Task handler invocations run at once; the others wait in arrival order (default
   * DEFAULT_MAX_CONCURRENT_TASKS). A Task's timeout runs from when its handler starts, so a long
   * wait behind a backlog never times a Task out.
   */
  maxConcurrentTasks?: number;
  /** How many run at once while the engine yields to other work (see yieldTasks); default 1. */
  maxConcurrentTasksWhileYielding?: number;
  log?: (message: string) => void;
}

/** DynamoDB Local runs writes one at a time: more steps at once only lengthen its queue. */
export const DEFAULT_MAX_CONCURRENT_TASKS = 2;

const TOKEN_KEY_FILE = 'task-token.key';

/**
 * Step Functions on one machine: the project's ASL runs on `aws-local-stepfunctions`, behind an
 * endpoint that speaks the Step Functions JSON protocol, with executions journaled in `dataDir` so
 * that waiting executions survive a restart. The methods mirror the API's operations (inputs and
 * outputs as in `@aws-sdk/client-sfn`); failures are `SfnServiceError`s named by their AWS code.
 */
export class LocalStepFunctions implements SfnOperations {
  private server: Server | undefined;
  private closed = false;

  private constructor(
    private readonly engine: ExecutionEngine,
    private readonly queue: TaskQueue,
    private readonly journal: Journal,
    private readonly lock: DataDirLock,
    private readonly arns: ArnFactory,
    private readonly region: string,
    private readonly log: (message: string) => void,
  ) {}

  /** Builds the machines, replays the journal and resumes the executions that were running. */
  static async create(options: LocalStepFunctionsOptions): Promise<LocalStepFunctions> {
    const log = options.log ?? (() => {});
    const arns = new ArnFactory(options.region, options.accountId);
    const machines = options.machines.map((config) => prepareMachine(config, arns));
    const names = new Set(machines.map((m) => m.name));
    if (names.size !== machines.length) throw new Error('State machine names must be unique');

    // One engine per journal directory: two writers would interleave their journals.
    const lock = await DataDirLock.acquire(
      options.dataDir,
      'engine.lock',
      (dir, pid) => `${dir} is already used by the workflow engine of process ${pid}`,
    );
    try {
      const tokens = await TaskTokens.load(join(options.dataDir, TOKEN_KEY_FILE));
      const { journal, executions } = await Journal.open(options.dataDir, log);
      const queue = new TaskQueue(
        options.maxConcurrentTasks ?? DEFAULT_MAX_CONCURRENT_TASKS,
        options.maxConcurrentTasksWhileYielding,
      );
      const engine = new ExecutionEngine(arns, journal, tokens, queue, log);
      for (const machine of machines) engine.machines.set(machine.name, machine);
      const { resumed, unknownMachine } = engine.restore(executions);
      if (resumed > 0) log(`stepfunctions: resumed ${resumed} running execution(s)`);
      if (unknownMachine > 0)
        log(`stepfunctions: ${unknownMachine} journaled execution(s) belong to unknown machines`);
      return new LocalStepFunctions(engine, queue, journal, lock, arns, options.region, log);
    } catch (error) {
      await lock.release();
      throw error;
    }
  }

  /** Serves the Step Functions JSON protocol; port 0 picks a free port. */
  async listen(port: number, host = '127.0.0.1'): Promise<{ port: number }> {
    if (this.closed) throw new Error('The engine is closed');
    if (this.server) throw new Error('The engine is already listening');
    this.server = await startSfnServer(this, port, host, this.log);
    return { port: (this.server.address() as AddressInfo).port };
  }

  /**
   * Stops serving and stops the runs without ending their executions (the next create() on this
   * data directory resumes them), then flushes the journal.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.server) await stopSfnServer(this.server);
    await this.engine.shutdown();
    await this.journal.close();
    await this.lock.release();
  }

  stateMachineArn(name: string): string {
    return this.arns.stateMachine(name);
  }

  /**
   * Gives other work on the same resources priority (the local stack: the API's requests, which
   * share DynamoDB Local with the steps): while `yielding`, Task handlers start only
   * `maxConcurrentTasksWhileYielding` at a time; the rest wait their turn.
   */
  yieldTasks(yielding: boolean): void {
    this.queue.yieldTo(yielding);
  }

  metrics(): EngineMetrics {
    return this.engine.metrics();
  }

  /** States entered by the execution so far (undefined for an unknown execution). */
  transitionsOf(executionArn: string): number | undefined {
    return this.engine.find(executionArn)?.transitions;
  }

  async startExecution(request: StartExecutionInput): Promise<StartExecutionOutput> {
    const {
      stateMachineArn,
      name = crypto.randomUUID(),
      input = '{}',
    } = parseRequest(startExecutionRequest, request);
    const machine = this.machine(stateMachineArn);
    assertValidName(name, 'execution');
    let parsed: JsonValue;
    try {
      parsed = JSON.parse(input) as JsonValue;
    } catch (error) {
      throw sfnError(
        'InvalidExecutionInput',
        `Invalid State Machine Execution Input: '${(error as Error).message}'`,
      );
    }
    const execution = this.engine.start(machine, name, input, parsed);
    await this.journal.commit();
    return { executionArn: execution.arn, startDate: new Date(execution.startDate) };
  }

  async stopExecution(request: StopExecutionInput): Promise<StopExecutionOutput> {
    const { executionArn, error, cause } = parseRequest(stopExecutionRequest, request);
    const execution = this.execution(executionArn);
    this.engine.stop(execution, error, cause);
    await this.journal.commit();
    return { stopDate: new Date(execution.stopDate ?? Date.now()) };
  }

  async describeExecution(request: DescribeExecutionInput): Promise<DescribeExecutionOutput> {
    const { executionArn } = parseRequest(describeExecutionRequest, request);
    const execution = this.execution(executionArn);
    return {
      executionArn: execution.arn,
      stateMachineArn: execution.machine.arn,
      name: execution.name,
      status: execution.status,
      startDate: new Date(execution.startDate),
      stopDate: execution.stopDate === undefined ? undefined : new Date(execution.stopDate),
      input: execution.input,
      inputDetails: { included: true },
      output: execution.output,
      outputDetails: execution.output === undefined ? undefined : { included: true },
      error: execution.error,
      cause: execution.cause,
    };
  }

  async describeStateMachine(request: DescribeStateMachineInput): Promise<DescribeStateMachineOutput> {
    const { stateMachineArn } = parseRequest(describeStateMachineRequest, request);
    const machine = this.machine(stateMachineArn);
    return {
      stateMachineArn: machine.arn,
      name: machine.name,
      status: 'ACTIVE',
      definition: machine.definition.text,
      roleArn: machine.roleArn,
      type: 'STANDARD',
      creationDate: new Date(machine.creationDate),
      loggingConfiguration: { level: 'OFF', includeExecutionData: false },
      tracingConfiguration: { enabled: false },
    };
  }

  async listStateMachines(request: ListStateMachinesInput = {}): Promise<ListStateMachinesOutput> {
    const { maxResults, nextToken } = parseRequest(listStateMachinesRequest, request);
    const all = [...this.engine.machines.values()];
    const from = nextToken ? decodePageToken(nextToken, 'stateMachines') : 0;
    const to = from + pageSize(maxResults);
    return {
      stateMachines: all.slice(from, to).map((m) => ({
        stateMachineArn: m.arn,
        name: m.name,
        type: 'STANDARD',
        creationDate: new Date(m.creationDate),
      })),
      nextToken: to < all.length ? encodePageToken('stateMachines', to) : undefined,
    };
  }

  /** Newest first, as on AWS. */
  async listExecutions(request: ListExecutionsInput): Promise<ListExecutionsOutput> {
    const { stateMachineArn, statusFilter, maxResults, nextToken } = parseRequest(
      listExecutionsRequest,
      request,
    );
    const machine = this.machine(stateMachineArn);
    const scope = `${machine.arn}|${statusFilter ?? ''}`;
    // Positions are execution serials: a page ends before the serial its token names.
    const before = nextToken ? decodePageToken(nextToken, scope) : Number.POSITIVE_INFINITY;
    const size = pageSize(maxResults);
    const executions: ExecutionListItem[] = [];
    let next: string | undefined;
    for (let i = lastIndexBefore(machine.executions, before); i >= 0; i--) {
      const execution = machine.executions[i] as Execution;
      if (statusFilter && execution.status !== statusFilter) continue;
      if (executions.length === size) {
        next = encodePageToken(scope, execution.serial + 1);
        break;
      }
      executions.push({
        executionArn: execution.arn,
        stateMachineArn: machine.arn,
        name: execution.name,
        status: execution.status,
        startDate: new Date(execution.startDate),
        stopDate: execution.stopDate === undefined ? undefined : new Date(execution.stopDate),
      });
    }
    return { executions, nextToken: next };
  }

  async getExecutionHistory(request: GetExecutionHistoryInput): Promise<GetExecutionHistoryOutput> {
    const {
      executionArn,
      maxResults,
      nextToken,
      reverseOrder = false,
      includeExecutionData = true,
    } = parseRequest(getExecutionHistoryRequest, request);
    const execution = this.execution(executionArn);
    const events = executionHistory(execution, this.region, includeExecutionData);
    if (reverseOrder) events.reverse();
    const scope = `${execution.arn}|${reverseOrder}`;
    const from = nextToken ? decodePageToken(nextToken, scope) : 0;
    const to = from + pageSize(maxResults);
    return {
      events: events.slice(from, to),
      nextToken: to < events.length ? encodePageToken(scope, to) : undefined,
    };
  }

  async sendTaskSuccess(request: SendTaskSuccessInput): Promise<Record<string, never>> {
    const { taskToken, output } = parseRequest(sendTaskSuccessRequest, request);
    let parsed: JsonValue;
    try {
      parsed = JSON.parse(output) as JsonValue;
    } catch (error) {
      throw sfnError('InvalidOutput', `Invalid Output: '${(error as Error).message}'`);
    }
    this.engine.sendTaskSuccess(taskToken, parsed);
    await this.journal.commit();
    return {};
  }

  async sendTaskFailure(request: SendTaskFailureInput): Promise<Record<string, never>> {
    const { taskToken, error, cause } = parseRequest(sendTaskFailureRequest, request);
    this.engine.sendTaskFailure(taskToken, error, cause);
    await this.journal.commit();
    return {};
  }

  async sendTaskHeartbeat(request: SendTaskHeartbeatInput): Promise<Record<string, never>> {
    const { taskToken } = parseRequest(sendTaskHeartbeatRequest, request);
    this.engine.sendTaskHeartbeat(taskToken);
    return {};
  }

  private machine(stateMachineArn: string): MachineEntry {
    const machine = this.engine.machines.get(stateMachineNameOf(stateMachineArn));
    if (!machine || machine.arn !== stateMachineArn) {
      throw sfnError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${stateMachineArn}'`);
    }
    return machine;
  }

  private execution(executionArn: string): Execution {
    assertExecutionArn(executionArn);
    const execution = this.engine.find(executionArn);
    if (!execution) throw sfnError('ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`);
    return execution;
  }
}

function prepareMachine(config: LocalStateMachineConfig, arns: ArnFactory): MachineEntry {
  assertValidName(config.name, 'state machine');
  const definition = compileDefinition(config.definition);
  const missing = [...definition.tasks.keys()].filter((state) => !config.taskHandlers[state]);
  if (missing.length > 0) {
    // Without a local handler the library would call the real Lambda function on AWS.
    throw new Error(`State machine ${config.name}: no handler for Task state(s) ${missing.join(', ')}`);
  }
  const unknown = Object.keys(config.taskHandlers).filter((state) => !definition.tasks.has(state));
  if (unknown.length > 0) {
    throw new Error(`State machine ${config.name}: handlers for unknown Task state(s) ${unknown.join(', ')}`);
  }
  return {
    name: config.name,
    arn: arns.stateMachine(config.name),
    roleArn: arns.role(config.name),
    definition,
    handlers: { ...config.taskHandlers },
    creationDate: Date.now(),
    executions: [],
  };
}

/** Index of the newest execution whose serial is below `serial` (executions are in serial order). */
function lastIndexBefore(executions: readonly Execution[], serial: number): number {
  let low = 0;
  let high = executions.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((executions[middle] as Execution).serial < serial) low = middle + 1;
    else high = middle;
  }
  return low - 1;
}
