import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DescribeExecutionOutput } from '@aws-sdk/client-sfn';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalStepFunctions, type TaskHandler } from '../../infra/local/stepfunctions/index.js';

const REGION = 'ap-southeast-3';
const ACCOUNT = '000000000000';
const lambda = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:f`;

/** A callback Task; its handler reports the payload (and so the token) to the test. */
const callbackTask = (extra: Record<string, unknown>) => ({
  Type: 'Task',
  Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
  Parameters: { FunctionName: lambda, Payload: { 'token.$': '$$.Task.Token', 'id.$': '$.id' } },
  ...extra,
});

type Payload = { token: string; id: string } & Record<string, unknown>;

function engineFor(dataDir: string, definition: object, taskHandlers: Record<string, TaskHandler>) {
  return LocalStepFunctions.create({
    region: REGION,
    accountId: ACCOUNT,
    dataDir,
    machines: [{ name: 'm', definition: JSON.stringify(definition), taskHandlers }],
  });
}

/** Handler calls as a queue the test can wait on. */
function recorder() {
  const payloads: Payload[] = [];
  const waiting: Array<() => void> = [];
  const handler: TaskHandler = async (payload) => {
    payloads.push(payload as Payload);
    for (const wake of waiting.splice(0)) wake();
  };
  const nth = async (n: number): Promise<Payload> => {
    while (payloads.length < n) await new Promise<void>((resolve) => waiting.push(resolve));
    return payloads[n - 1] as Payload;
  };
  return { handler, nth, payloads };
}

async function waitForEnd(sfn: LocalStepFunctions, executionArn: string): Promise<DescribeExecutionOutput> {
  for (;;) {
    const execution = await sfn.describeExecution({ executionArn });
    if (execution.status !== 'RUNNING') return execution;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('local Step Functions engine (programmatic)', () => {
  let dataDir: string;
  const open: LocalStepFunctions[] = [];

  const create = async (definition: object, handlers: Record<string, TaskHandler>) => {
    const sfn = await engineFor(dataDir, definition, handlers);
    open.push(sfn);
    return sfn;
  };
  const startIn = async (sfn: LocalStepFunctions, name: string, input: object = { id: name }) =>
    (
      await sfn.startExecution({
        stateMachineArn: sfn.stateMachineArn('m'),
        name,
        input: JSON.stringify(input),
      })
    ).executionArn as string;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'sfn-engine-'));
  });
  afterEach(async () => {
    for (const sfn of open.splice(0)) await sfn.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('Given a machine TimeoutSeconds, When it passes, Then the execution is TIMED_OUT at exactly that time', async () => {
    const calls = recorder();
    const sfn = await create(
      { StartAt: 'Wait', TimeoutSeconds: 1, States: { Wait: callbackTask({ End: true }) } },
      {
        Wait: calls.handler,
      },
    );
    const executionArn = await startIn(sfn, 'deadline');
    const { token } = await calls.nth(1);

    const done = await waitForEnd(sfn, executionArn);

    expect(done).toMatchObject({ status: 'TIMED_OUT', error: 'States.Timeout' });
    expect((done.stopDate?.getTime() ?? 0) - (done.startDate?.getTime() ?? 0)).toBe(1000);
    expect((await sfn.getExecutionHistory({ executionArn })).events?.at(-1)?.type).toBe('ExecutionTimedOut');
    await expect(sfn.sendTaskSuccess({ taskToken: token, output: '{}' })).rejects.toMatchObject({
      name: 'TaskTimedOut',
    });
  });

  it('Given HeartbeatSeconds, When heartbeats stop, Then the task fails with States.HeartbeatTimeout, and heartbeats keep another alive', async () => {
    const calls = recorder();
    const sfn = await create(
      { StartAt: 'Wait', States: { Wait: callbackTask({ HeartbeatSeconds: 1, End: true }) } },
      {
        Wait: calls.handler,
      },
    );
    const silent = await startIn(sfn, 'silent');
    const beating = await startIn(sfn, 'beating');
    const tokenOf = async (id: string) => {
      await calls.nth(2);
      return calls.payloads.find((p) => p.id === id)?.token as string;
    };
    const beatingToken = await tokenOf('beating');

    // 1.25 s in all, beyond the 1 s heartbeat, with room for a slow machine between beats.
    for (let i = 0; i < 5; i++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      await sfn.sendTaskHeartbeat({ taskToken: beatingToken });
    }
    await sfn.sendTaskSuccess({ taskToken: beatingToken, output: '"done"' });

    expect(await waitForEnd(sfn, silent)).toMatchObject({
      status: 'FAILED',
      error: 'States.HeartbeatTimeout',
    });
    expect(await waitForEnd(sfn, beating)).toMatchObject({ status: 'SUCCEEDED', output: '"done"' });
  });

  it('Given an execution resumed after a restart, When a state reads the context, Then it sees the execution’s own id, input and start time', async () => {
    const definition = {
      StartAt: 'Before',
      States: {
        Before: { Type: 'Pass', Result: 'x', ResultPath: '$.before', Next: 'Wait' },
        Wait: {
          ...callbackTask({}),
          Parameters: {
            FunctionName: lambda,
            Payload: {
              'token.$': '$$.Task.Token',
              'id.$': '$$.Execution.Id',
              'input.$': '$$.Execution.Input',
              'startedAt.$': '$$.Execution.StartTime',
            },
          },
          End: true,
        },
      },
    };
    const first = recorder();
    const sfn = await create(definition, { Wait: first.handler });
    const executionArn = await startIn(sfn, 'context', { id: 'context', n: 1 });
    const before = await first.nth(1);
    await sfn.close();

    const second = recorder();
    const again = await create(definition, { Wait: second.handler });
    const after = await second.nth(1);

    expect(after.token).not.toBe(before.token);
    expect({ ...after, token: undefined }).toEqual({ ...before, token: undefined });
    expect(after).toMatchObject({ id: executionArn, input: { id: 'context', n: 1 } });
    await again.sendTaskSuccess({ taskToken: after.token, output: '{}' });
    expect((await waitForEnd(again, executionArn)).status).toBe('SUCCEEDED');
    expect(again.transitionsOf(executionArn)).toBe(2);
  });

  it('Given a Wait state when the engine stops, When it restarts, Then the execution waits only what was left', async () => {
    const definition = {
      StartAt: 'Pause',
      States: { Pause: { Type: 'Wait', Seconds: 2, Next: 'Done' }, Done: { Type: 'Succeed' } },
    };
    const sfn = await create(definition, {});
    const executionArn = await startIn(sfn, 'pause');
    await new Promise((resolve) => setTimeout(resolve, 300));
    await sfn.close();

    const again = await create(definition, {});
    const reopenedAt = Date.now();
    const done = await waitForEnd(again, executionArn);

    const startedAt = done.startDate?.getTime() ?? 0;
    const stoppedAt = done.stopDate?.getTime() ?? 0;
    expect(done.status).toBe('SUCCEEDED');
    expect(stoppedAt).toBeGreaterThanOrEqual(startedAt + 1990);
    // Waiting the full 2 s again would end at least 2 s after the restart.
    expect(stoppedAt).toBeLessThan(Math.max(startedAt + 2000, reopenedAt) + 250);
  });

  it('Given a Map state with a Task inside, When it runs, Then the inner handler runs per item and inner states count as transitions', async () => {
    const definition = {
      StartAt: 'Each',
      States: {
        Each: {
          Type: 'Map',
          ItemsPath: '$.items',
          ItemProcessor: {
            StartAt: 'Double',
            States: { Double: { Type: 'Task', Resource: lambda, End: true } },
          },
          End: true,
        },
      },
    };
    const sfn = await create(definition, { Double: async (n) => (n as number) * 2 });
    const executionArn = await startIn(sfn, 'map', { items: [1, 2, 3] });

    const done = await waitForEnd(sfn, executionArn);

    expect(done).toMatchObject({ status: 'SUCCEEDED', output: '[2,4,6]' });
    expect(sfn.transitionsOf(executionArn)).toBe(4);
    const types = (await sfn.getExecutionHistory({ executionArn })).events?.map((e) => e.type) ?? [];
    expect(types.filter((t) => t === 'MapIterationSucceeded')).toHaveLength(3);
  });

  it('Given a machine whose Task has no handler, When created, Then it is refused instead of calling AWS', async () => {
    const definition = { StartAt: 'T', States: { T: { Type: 'Task', Resource: lambda, End: true } } };

    await expect(engineFor(dataDir, definition, {})).rejects.toThrow(/no handler for Task state\(s\) T/);
    await expect(engineFor(dataDir, definition, { T: async () => 1, Other: async () => 2 })).rejects.toThrow(
      /unknown Task state\(s\) Other/,
    );
  });

  it('Given an engine on a data directory, When a second one opens it, Then it is refused until the first closes', async () => {
    const definition = { StartAt: 'Done', States: { Done: { Type: 'Succeed' } } };
    const first = await engineFor(dataDir, definition, {});

    await expect(engineFor(dataDir, definition, {})).rejects.toThrow(/already used/);
    await first.close();
    await (await create(definition, {})).close();
  });
});
