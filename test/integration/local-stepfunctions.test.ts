import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeExecutionCommand,
  type DescribeExecutionOutput,
  DescribeStateMachineCommand,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  InvalidArn,
  InvalidExecutionInput,
  InvalidName,
  InvalidOutput,
  InvalidToken,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StateMachineDoesNotExist,
  StopExecutionCommand,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalStepFunctions } from '../../infra/local/stepfunctions/index.js';

const REGION = 'ap-southeast-3';
const ACCOUNT = '000000000000';
const MACHINE = 'test-proposal';
const functionArn = (name: string) => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;
const transientRetry = {
  ErrorEquals: ['TransientError'],
  IntervalSeconds: 1,
  MaxAttempts: 2,
  BackoffRate: 1,
  MaxDelaySeconds: 1,
  JitterStrategy: 'FULL',
};
const catchToRecordFailure = [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'RecordFailure' }];

/** A plain task, a Choice, a callback task with a timeout from the input, Retry and Catch. */
const DEFINITION = JSON.stringify({
  StartAt: 'Prepare',
  States: {
    Prepare: {
      Type: 'Task',
      Resource: functionArn('prepare'),
      Parameters: { 'id.$': '$.id', 'executionId.$': '$$.Execution.Id' },
      ResultPath: '$.prepared',
      TimeoutSeconds: 5,
      Retry: [transientRetry],
      Catch: catchToRecordFailure,
      Next: 'Route',
    },
    Route: {
      Type: 'Choice',
      Choices: [{ Variable: '$.mode', StringEquals: 'quick', Next: 'Done' }],
      Default: 'AwaitDecision',
    },
    AwaitDecision: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Parameters: {
        FunctionName: functionArn('await-decision'),
        Payload: { 'id.$': '$.id', 'taskToken.$': '$$.Task.Token' },
      },
      TimeoutSecondsPath: '$.decisionTimeoutSeconds',
      ResultPath: '$.decision',
      Retry: [{ ...transientRetry, MaxAttempts: 1 }],
      Catch: catchToRecordFailure,
      Next: 'Done',
    },
    Done: { Type: 'Succeed' },
    RecordFailure: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: functionArn('record-failure'), 'Payload.$': '$' },
      ResultSelector: { 'recorded.$': '$.Payload.recorded' },
      ResultPath: '$.failure',
      TimeoutSeconds: 5,
      Next: 'Failed',
    },
    Failed: { Type: 'Fail', Error: 'WorkflowFailed', Cause: 'The failure was recorded' },
  },
});

class TransientError extends Error {
  override readonly name = 'TransientError';
}

type Payload = Record<string, unknown> & { id: string };

/** What the task handlers were called with, to wait on and to assert on. */
class HandlerCalls {
  private readonly calls: Array<{ state: string; payload: Payload }> = [];
  private readonly listeners = new Set<() => void>();

  record(state: string, payload: unknown): void {
    this.calls.push({ state, payload: payload as Payload });
    for (const listener of [...this.listeners]) listener();
  }

  of(state: string, id: string): Payload[] {
    return this.calls.filter((c) => c.state === state && c.payload.id === id).map((c) => c.payload);
  }

  async nth(state: string, id: string, n = 1, timeoutMs = 5_000): Promise<Payload> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.of(state, id)[n - 1];
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`${state} was not called ${n} time(s) for ${id}`);
      await new Promise<void>((resolve) => {
        const done = () => {
          this.listeners.delete(done);
          resolve();
        };
        this.listeners.add(done);
        setTimeout(done, 50);
      });
    }
  }
}

function handlers(calls: HandlerCalls) {
  return {
    Prepare: async (payload: unknown) => {
      calls.record('Prepare', payload);
      const { id, executionId } = payload as Payload;
      if (id.startsWith('flaky') && calls.of('Prepare', id).length === 1)
        throw new TransientError('throttled');
      if (id.startsWith('broken')) throw new Error('database unavailable');
      return { prepared: id, executionId };
    },
    AwaitDecision: async (payload: unknown) => {
      calls.record('AwaitDecision', payload);
    },
    RecordFailure: async (payload: unknown) => {
      calls.record('RecordFailure', payload);
      return { recorded: true };
    },
  };
}

interface Harness {
  sfn: LocalStepFunctions;
  client: SFNClient;
  machineArn: string;
  stop(): Promise<void>;
}

async function startEngine(dataDir: string, calls: HandlerCalls): Promise<Harness> {
  const sfn = await LocalStepFunctions.create({
    region: REGION,
    accountId: ACCOUNT,
    dataDir,
    machines: [{ name: MACHINE, definition: DEFINITION, taskHandlers: handlers(calls) }],
  });
  const { port } = await sfn.listen(0);
  const client = new SFNClient({
    region: REGION,
    endpoint: `http://127.0.0.1:${port}`,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  return {
    sfn,
    client,
    machineArn: sfn.stateMachineArn(MACHINE),
    stop: async () => {
      client.destroy();
      await sfn.close();
    },
  };
}

const quick = (id: string) => JSON.stringify({ id, mode: 'quick' });
const review = (id: string, decisionTimeoutSeconds = 30) =>
  JSON.stringify({ id, mode: 'review', decisionTimeoutSeconds });

async function waitForEnd(
  client: SFNClient,
  executionArn: string,
  timeoutMs = 8_000,
): Promise<DescribeExecutionOutput> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const execution = await client.send(new DescribeExecutionCommand({ executionArn }));
    if (execution.status !== 'RUNNING') return execution;
    if (Date.now() > deadline) throw new Error(`${executionArn} is still running`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function historyOf(client: SFNClient, executionArn: string): Promise<HistoryEvent[]> {
  const { events = [] } = await client.send(
    new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }),
  );
  return events;
}

const enteredStates = (events: HistoryEvent[]) =>
  events.filter((e) => e.type?.endsWith('StateEntered')).map((e) => e.stateEnteredEventDetails?.name);

describe('local Step Functions engine over the Step Functions JSON protocol', () => {
  let dataDir: string;
  let calls: HandlerCalls;
  let engine: Harness;

  const start = async (name: string, input: string) => {
    const out = await engine.client.send(
      new StartExecutionCommand({ stateMachineArn: engine.machineArn, name, input }),
    );
    return out.executionArn as string;
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'local-sfn-'));
    calls = new HandlerCalls();
    engine = await startEngine(dataDir, calls);
  });

  afterAll(async () => {
    await engine.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('Given a quick proposal, When it starts, Then it succeeds with the prepared output', async () => {
    const executionArn = await start('quick-1', quick('quick-1'));

    const done = await waitForEnd(engine.client, executionArn);

    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output ?? '')).toEqual({
      id: 'quick-1',
      mode: 'quick',
      prepared: { prepared: 'quick-1', executionId: executionArn },
    });
    expect(done.startDate).toBeInstanceOf(Date);
    expect(done.stopDate?.getTime()).toBeGreaterThanOrEqual(done.startDate?.getTime() ?? Number.NaN);
    expect(engine.sfn.transitionsOf(executionArn)).toBe(3);
  });

  it('Given a waiting callback task, When SendTaskSuccess arrives, Then its output becomes the task result', async () => {
    const executionArn = await start('review-ok', review('review-ok'));
    const { taskToken } = await calls.nth('AwaitDecision', 'review-ok');

    expect(taskToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await engine.client.send(new DescribeExecutionCommand({ executionArn }))).status).toBe('RUNNING');
    await engine.client.send(new SendTaskHeartbeatCommand({ taskToken: String(taskToken) }));
    await engine.client.send(
      new SendTaskSuccessCommand({
        taskToken: String(taskToken),
        output: JSON.stringify({ approved: true }),
      }),
    );

    const done = await waitForEnd(engine.client, executionArn);
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output ?? '').decision).toEqual({ approved: true });
  });

  it('Given a finished callback task, When its token is used again, Then TaskTimedOut', async () => {
    const executionArn = await start('review-reuse', review('review-reuse'));
    const taskToken = String((await calls.nth('AwaitDecision', 'review-reuse')).taskToken);
    await engine.client.send(new SendTaskSuccessCommand({ taskToken, output: '{}' }));
    await waitForEnd(engine.client, executionArn);

    await expect(
      engine.client.send(new SendTaskSuccessCommand({ taskToken, output: '{}' })),
    ).rejects.toBeInstanceOf(TaskTimedOut);
    await expect(
      engine.client.send(new SendTaskFailureCommand({ taskToken, error: 'X' })),
    ).rejects.toBeInstanceOf(TaskTimedOut);
    await expect(engine.client.send(new SendTaskHeartbeatCommand({ taskToken }))).rejects.toBeInstanceOf(
      TaskTimedOut,
    );
  });

  it('Given tokens this engine never issued, When used, Then InvalidToken', async () => {
    for (const taskToken of ['not-a-token', randomBytes(32).toString('base64url'), 'x'.repeat(43)]) {
      await expect(
        engine.client.send(new SendTaskSuccessCommand({ taskToken, output: '{}' })),
      ).rejects.toBeInstanceOf(InvalidToken);
    }
  });

  it('Given a waiting callback task, When SendTaskSuccess carries invalid JSON, Then InvalidOutput and the task still waits', async () => {
    const executionArn = await start('review-bad-output', review('review-bad-output'));
    const taskToken = String((await calls.nth('AwaitDecision', 'review-bad-output')).taskToken);

    await expect(
      engine.client.send(new SendTaskSuccessCommand({ taskToken, output: '{not json' })),
    ).rejects.toBeInstanceOf(InvalidOutput);
    await engine.client.send(new SendTaskSuccessCommand({ taskToken, output: '{"approved":false}' }));
    expect((await waitForEnd(engine.client, executionArn)).status).toBe('SUCCEEDED');
  });

  it('Given a waiting callback task, When SendTaskFailure arrives, Then the Catch records the error by name and cause', async () => {
    const executionArn = await start('review-rejected', review('review-rejected'));
    const taskToken = String((await calls.nth('AwaitDecision', 'review-rejected')).taskToken);

    await engine.client.send(
      new SendTaskFailureCommand({ taskToken, error: 'Rejected', cause: 'Anggaran tidak tersedia' }),
    );

    const done = await waitForEnd(engine.client, executionArn);
    expect(done).toMatchObject({
      status: 'FAILED',
      error: 'WorkflowFailed',
      cause: 'The failure was recorded',
    });
    expect((await calls.nth('RecordFailure', 'review-rejected')).error).toEqual({
      Error: 'Rejected',
      Cause: 'Anggaran tidak tersedia',
    });
  });

  it('Given a callback task with a 1 s timeout, When nobody answers, Then States.Timeout is caught and the token is spent', async () => {
    const executionArn = await start('review-timeout', review('review-timeout', 1));
    const taskToken = String((await calls.nth('AwaitDecision', 'review-timeout')).taskToken);

    const done = await waitForEnd(engine.client, executionArn);

    expect(done.status).toBe('FAILED');
    expect((await calls.nth('RecordFailure', 'review-timeout')).error).toMatchObject({
      Error: 'States.Timeout',
    });
    await expect(
      engine.client.send(new SendTaskSuccessCommand({ taskToken, output: '{}' })),
    ).rejects.toBeInstanceOf(TaskTimedOut);
    const types = (await historyOf(engine.client, executionArn)).map((e) => e.type);
    expect(types).toContain('TaskTimedOut');
  });

  it('Given a transient error, When the task is retried, Then the execution succeeds and the history shows both attempts', async () => {
    const executionArn = await start('flaky-1', quick('flaky-1'));

    const done = await waitForEnd(engine.client, executionArn);

    expect(done.status).toBe('SUCCEEDED');
    expect(calls.of('Prepare', 'flaky-1')).toHaveLength(2);
    const events = await historyOf(engine.client, executionArn);
    const failed = events.find((e) => e.type === 'LambdaFunctionFailed');
    expect(failed?.lambdaFunctionFailedEventDetails?.error).toBe('TransientError');
    expect(JSON.parse(failed?.lambdaFunctionFailedEventDetails?.cause ?? '')).toMatchObject({
      errorType: 'TransientError',
      errorMessage: 'throttled',
    });
    expect(events.filter((e) => e.type === 'LambdaFunctionScheduled')).toHaveLength(2);
    expect(events.filter((e) => e.type === 'LambdaFunctionSucceeded')).toHaveLength(1);
  });

  it('Given a callback task, When SendTaskFailure reports a transient error, Then the task is retried with a new token', async () => {
    const executionArn = await start('review-retry', review('review-retry'));
    const first = String((await calls.nth('AwaitDecision', 'review-retry')).taskToken);

    await engine.client.send(
      new SendTaskFailureCommand({ taskToken: first, error: 'TransientError', cause: 'busy' }),
    );
    const second = String((await calls.nth('AwaitDecision', 'review-retry', 2)).taskToken);
    await engine.client.send(new SendTaskSuccessCommand({ taskToken: second, output: '{"approved":true}' }));

    expect(second).not.toBe(first);
    expect((await waitForEnd(engine.client, executionArn)).status).toBe('SUCCEEDED');
  });

  it('Given a handler that fails for good, When the error is not transient, Then it is caught without a retry', async () => {
    const executionArn = await start('broken-1', quick('broken-1'));

    expect((await waitForEnd(engine.client, executionArn)).status).toBe('FAILED');
    expect(calls.of('Prepare', 'broken-1')).toHaveLength(1);
    expect((await calls.nth('RecordFailure', 'broken-1')).error).toMatchObject({ Error: 'Error' });
  });

  it('Given a running execution, When it is started again, Then the same input is idempotent and another input is refused', async () => {
    const first = await engine.client.send(
      new StartExecutionCommand({
        stateMachineArn: engine.machineArn,
        name: 'dup-1',
        input: review('dup-1'),
      }),
    );
    const again = await engine.client.send(
      new StartExecutionCommand({
        stateMachineArn: engine.machineArn,
        name: 'dup-1',
        input: review('dup-1'),
      }),
    );

    expect(again.executionArn).toBe(first.executionArn);
    expect(again.startDate?.getTime()).toBe(first.startDate?.getTime());
    await expect(
      engine.client.send(
        new StartExecutionCommand({
          stateMachineArn: engine.machineArn,
          name: 'dup-1',
          input: quick('dup-1'),
        }),
      ),
    ).rejects.toBeInstanceOf(ExecutionAlreadyExists);

    const taskToken = String((await calls.nth('AwaitDecision', 'dup-1')).taskToken);
    expect(calls.of('AwaitDecision', 'dup-1')).toHaveLength(1);
    await engine.client.send(new SendTaskSuccessCommand({ taskToken, output: '{}' }));
    await waitForEnd(engine.client, String(first.executionArn));
    await expect(
      engine.client.send(
        new StartExecutionCommand({
          stateMachineArn: engine.machineArn,
          name: 'dup-1',
          input: review('dup-1'),
        }),
      ),
    ).rejects.toBeInstanceOf(ExecutionAlreadyExists);
  });

  it('Given a waiting execution, When it is stopped, Then it is ABORTED and its token is spent', async () => {
    const executionArn = await start('stop-1', review('stop-1'));
    const taskToken = String((await calls.nth('AwaitDecision', 'stop-1')).taskToken);

    const { stopDate } = await engine.client.send(
      new StopExecutionCommand({ executionArn, error: 'Withdrawn', cause: 'Ditarik oleh pengusul' }),
    );

    const done = await engine.client.send(new DescribeExecutionCommand({ executionArn }));
    expect(done).toMatchObject({ status: 'ABORTED', error: 'Withdrawn', cause: 'Ditarik oleh pengusul' });
    expect(done.stopDate?.getTime()).toBe(stopDate?.getTime());
    await expect(
      engine.client.send(new SendTaskSuccessCommand({ taskToken, output: '{}' })),
    ).rejects.toBeInstanceOf(TaskTimedOut);
    const events = await historyOf(engine.client, executionArn);
    expect(events.at(-1)).toMatchObject({
      type: 'ExecutionAborted',
      executionAbortedEventDetails: { error: 'Withdrawn' },
    });
    expect(calls.of('RecordFailure', 'stop-1')).toHaveLength(0);
  });

  it('Given a finished execution, When its history is read, Then the events are AWS-shaped and the states in order', async () => {
    const executionArn = await start('history-1', review('history-1'));
    const taskToken = String((await calls.nth('AwaitDecision', 'history-1')).taskToken);
    await engine.client.send(new SendTaskSuccessCommand({ taskToken, output: '{"approved":true}' }));
    await waitForEnd(engine.client, executionArn);

    const events = await historyOf(engine.client, executionArn);

    expect(enteredStates(events)).toEqual(['Prepare', 'Route', 'AwaitDecision', 'Done']);
    expect(events.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'LambdaFunctionScheduled',
      'LambdaFunctionStarted',
      'LambdaFunctionSucceeded',
      'TaskStateExited',
      'ChoiceStateEntered',
      'ChoiceStateExited',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSubmitted',
      'TaskSucceeded',
      'TaskStateExited',
      'SucceedStateEntered',
      'SucceedStateExited',
      'ExecutionSucceeded',
    ]);
    expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
    expect(events[1]?.previousEventId).toBe(1);
    const scheduled = events.find((e) => e.type === 'TaskScheduled')?.taskScheduledEventDetails;
    expect(scheduled).toMatchObject({
      resourceType: 'lambda',
      resource: 'invoke.waitForTaskToken',
      region: REGION,
    });
    expect(scheduled?.parameters).not.toContain(taskToken);
    expect(events.find((e) => e.type === 'TaskSucceeded')?.taskSucceededEventDetails?.output).toBe(
      '{"approved":true}',
    );

    const firstPage = await engine.client.send(
      new GetExecutionHistoryCommand({ executionArn, maxResults: 5 }),
    );
    const secondPage = await engine.client.send(
      new GetExecutionHistoryCommand({ executionArn, maxResults: 5, nextToken: firstPage.nextToken }),
    );
    expect(firstPage.events?.map((e) => e.id)).toEqual([1, 2, 3, 4, 5]);
    expect(secondPage.events?.map((e) => e.id)).toEqual([6, 7, 8, 9, 10]);
    const reversed = await engine.client.send(
      new GetExecutionHistoryCommand({ executionArn, maxResults: 2, reverseOrder: true }),
    );
    expect(reversed.events?.map((e) => e.type)).toEqual(['ExecutionSucceeded', 'SucceedStateExited']);
  });

  it('Given invalid requests, When sent, Then the API answers with the AWS error for each', async () => {
    const startWith = (input: Partial<{ stateMachineArn: string; name: string; input: string }>) =>
      engine.client.send(new StartExecutionCommand({ stateMachineArn: engine.machineArn, ...input }));

    await expect(startWith({ name: 'has space', input: '{}' })).rejects.toBeInstanceOf(InvalidName);
    await expect(startWith({ name: 'x'.repeat(81), input: '{}' })).rejects.toBeInstanceOf(InvalidName);
    await expect(startWith({ name: 'bad-input', input: '{"id":' })).rejects.toBeInstanceOf(
      InvalidExecutionInput,
    );
    await expect(
      startWith({ stateMachineArn: engine.sfn.stateMachineArn('no-such-machine'), name: 'x', input: '{}' }),
    ).rejects.toBeInstanceOf(StateMachineDoesNotExist);
    await expect(startWith({ stateMachineArn: 'not-an-arn', input: '{}' })).rejects.toBeInstanceOf(
      InvalidArn,
    );
    await expect(
      engine.client.send(
        new DescribeExecutionCommand({
          executionArn: `arn:aws:states:${REGION}:${ACCOUNT}:execution:${MACHINE}:nope`,
        }),
      ),
    ).rejects.toBeInstanceOf(ExecutionDoesNotExist);
  });

  it('Given a request for an operation the endpoint does not have, When posted, Then UnknownOperationException', async () => {
    const endpoint = await engine.client.config.endpoint?.();
    const response = await fetch(`${endpoint?.protocol}//${endpoint?.hostname}:${endpoint?.port}/`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'AWSStepFunctions.DeleteStateMachine',
      },
      body: '{}',
    });

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      __type: expect.stringMatching(/#UnknownOperationException$/),
    });
  });

  it('Given executions of the machine, When listed, Then newest first, filtered by status and paged', async () => {
    const arns = [];
    for (const id of ['list-1', 'list-2', 'list-3']) arns.push(await start(id, quick(id)));
    for (const arn of arns) await waitForEnd(engine.client, arn);

    const page = await engine.client.send(
      new ListExecutionsCommand({
        stateMachineArn: engine.machineArn,
        statusFilter: 'SUCCEEDED',
        maxResults: 2,
      }),
    );
    const next = await engine.client.send(
      new ListExecutionsCommand({
        stateMachineArn: engine.machineArn,
        statusFilter: 'SUCCEEDED',
        maxResults: 2,
        nextToken: page.nextToken,
      }),
    );

    expect(page.executions?.map((e) => e.name)).toEqual(['list-3', 'list-2']);
    expect(next.executions?.[0]?.name).toBe('list-1');
    expect(
      [...(page.executions ?? []), ...(next.executions ?? [])].every((e) => e.status === 'SUCCEEDED'),
    ).toBe(true);
    const machines = await engine.client.send(new ListStateMachinesCommand({}));
    expect(machines.stateMachines?.map((m) => m.stateMachineArn)).toEqual([engine.machineArn]);
    const described = await engine.client.send(
      new DescribeStateMachineCommand({ stateMachineArn: engine.machineArn }),
    );
    expect(described).toMatchObject({
      name: MACHINE,
      status: 'ACTIVE',
      type: 'STANDARD',
      definition: DEFINITION,
    });
    expect(engine.sfn.metrics().executionsStarted).toBeGreaterThanOrEqual(3);
    expect(engine.sfn.metrics().stateTransitions).toBeGreaterThanOrEqual(9);
  });
});

describe('local Step Functions engine across a restart', () => {
  it('Given an execution waiting for a callback, When the engine restarts on its data directory, Then the task is called again with a new token that completes it', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'local-sfn-restart-'));
    try {
      const firstCalls = new HandlerCalls();
      const first = await startEngine(dataDir, firstCalls);
      const { executionArn = '' } = await first.client.send(
        new StartExecutionCommand({
          stateMachineArn: first.machineArn,
          name: 'restart-1',
          input: review('restart-1'),
        }),
      );
      const before = String((await firstCalls.nth('AwaitDecision', 'restart-1')).taskToken);
      await first.stop();
      expect(await readFile(join(dataDir, 'executions.jsonl'), 'utf8')).not.toContain(before);

      const secondCalls = new HandlerCalls();
      const second = await startEngine(dataDir, secondCalls);
      const after = String((await secondCalls.nth('AwaitDecision', 'restart-1')).taskToken);

      expect(after).not.toBe(before);
      expect(secondCalls.of('Prepare', 'restart-1')).toHaveLength(0);
      expect((await second.client.send(new DescribeExecutionCommand({ executionArn }))).status).toBe(
        'RUNNING',
      );
      await expect(
        second.client.send(new SendTaskSuccessCommand({ taskToken: before, output: '{}' })),
      ).rejects.toBeInstanceOf(TaskTimedOut);
      await second.client.send(new SendTaskSuccessCommand({ taskToken: after, output: '{"approved":true}' }));
      const done = await waitForEnd(second.client, executionArn);
      expect(done.status).toBe('SUCCEEDED');
      expect(JSON.parse(done.output ?? '')).toMatchObject({
        id: 'restart-1',
        prepared: { prepared: 'restart-1' },
        decision: { approved: true },
      });
      expect(second.sfn.transitionsOf(executionArn)).toBe(4);
      await second.stop();

      const third = await startEngine(dataDir, new HandlerCalls());
      const later = await third.client.send(new DescribeExecutionCommand({ executionArn }));
      expect(later).toMatchObject({ status: 'SUCCEEDED', output: done.output });
      expect(third.sfn.metrics().running).toBe(0);
      await third.stop();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('Given callback tasks with 3 s and 1 s timeouts, When the engine restarts 2 s after they were entered, Then their timers keep running: one times out about 1 s later, the other at once after its handler is called again', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'local-sfn-restart-timeout-'));
    try {
      const firstCalls = new HandlerCalls();
      const first = await startEngine(dataDir, firstCalls);
      const startTimed = async (name: string, seconds: number) => {
        const { executionArn = '' } = await first.client.send(
          new StartExecutionCommand({
            stateMachineArn: first.machineArn,
            name,
            input: review(name, seconds),
          }),
        );
        await firstCalls.nth('AwaitDecision', name);
        return executionArn;
      };
      const enteredAt = Date.now();
      const longer = await startTimed('restart-timeout-3', 3);
      const shorter = await startTimed('restart-timeout-1', 1);
      await first.sfn.close();
      first.client.destroy();
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, enteredAt + 2_000 - Date.now())));

      const secondCalls = new HandlerCalls();
      const second = await startEngine(dataDir, secondCalls);
      const restartedAt = Date.now();
      const [longerDone, shorterDone] = await Promise.all([
        waitForEnd(second.client, longer),
        waitForEnd(second.client, shorter),
      ]);

      for (const [done, name] of [
        [longerDone, 'restart-timeout-3'],
        [shorterDone, 'restart-timeout-1'],
      ] as const) {
        expect(done.status).toBe('FAILED');
        expect(secondCalls.of('AwaitDecision', name)).toHaveLength(1);
        expect((await secondCalls.nth('RecordFailure', name)).error).toMatchObject({
          Error: 'States.Timeout',
        });
      }
      const longerStop = longerDone.stopDate?.getTime() ?? 0;
      // Entered before `enteredAt + 100 ms`, so 3 s after entry is before `enteredAt + 3.1 s`; a timer
      // restarted from zero would end 3 s after the restart, at least 5 s after entry.
      expect(longerStop).toBeGreaterThanOrEqual(enteredAt + 2_900);
      expect(longerStop).toBeLessThan(restartedAt + 2_000);
      expect(shorterDone.stopDate?.getTime() ?? 0).toBeLessThan(restartedAt + 1_000);
      await second.stop();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
