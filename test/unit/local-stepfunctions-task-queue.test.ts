import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LocalStepFunctions } from '../../infra/local/stepfunctions/index.js';
import { TaskQueue } from '../../infra/local/stepfunctions/task-queue.js';

/** A job the test finishes by hand, recording when it started. */
function gate(started: number[], id: number) {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });
  return {
    job: () => {
      started.push(id);
      return done.then(() => id);
    },
    finish: () => finish(),
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('task queue', () => {
  it('Given a concurrency of 2, When 5 jobs arrive, Then 2 run, the rest start in arrival order as slots free, and the backlog counts both', async () => {
    const queue = new TaskQueue(2);
    const started: number[] = [];
    const gates = [0, 1, 2, 3, 4].map((id) => gate(started, id));
    const results = gates.map((g) => queue.run(g.job));

    expect(started).toEqual([0, 1]);
    expect(queue.backlog).toBe(5);
    gates[1]?.finish();
    await tick();
    expect(started).toEqual([0, 1, 2]);
    for (const g of gates) g.finish();
    expect(await Promise.all(results)).toEqual([0, 1, 2, 3, 4]);
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(queue.backlog).toBe(0);
    expect(queue.completedCount).toBe(5);
  });

  it('Given a queue yielding to other work, When slots free, Then only one job runs at a time until it stops yielding', async () => {
    const queue = new TaskQueue(3);
    const started: number[] = [];
    const gates = [0, 1, 2, 3, 4].map((id) => gate(started, id));
    queue.yieldTo(true);
    const results = gates.map((g) => queue.run(g.job));
    expect(started).toEqual([0]);

    gates[0]?.finish();
    await tick();
    expect(started).toEqual([0, 1]);

    queue.yieldTo(false);
    expect(started).toEqual([0, 1, 2, 3]);
    for (const g of gates) g.finish();
    await Promise.all(results);
  });

  it('Given a job that throws or rejects, When it runs, Then its caller gets the error and the slot is freed', async () => {
    const queue = new TaskQueue(1);
    const thrown = queue.run(() => {
      throw new Error('sync');
    });
    const rejected = queue.run(() => Promise.reject(new Error('async')));
    const after = queue.run(async () => 'ran');
    await expect(thrown).rejects.toThrow('sync');
    await expect(rejected).rejects.toThrow('async');
    expect(await after).toBe('ran');
    expect(queue.backlog).toBe(0);
  });
});

describe('local engine with a bound on Task handlers', () => {
  it('Given maxConcurrentTasks 2, When 6 executions start at once, Then no more than 2 handlers run together and every execution succeeds', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'sfn-queue-'));
    let running = 0;
    let peak = 0;
    const sfn = await LocalStepFunctions.create({
      region: 'ap-southeast-3',
      accountId: '000000000000',
      dataDir,
      maxConcurrentTasks: 2,
      machines: [
        {
          name: 'm',
          definition: JSON.stringify({
            StartAt: 'Work',
            States: {
              Work: {
                Type: 'Task',
                Resource: 'arn:aws:lambda:ap-southeast-3:000000000000:function:f',
                End: true,
              },
            },
          }),
          taskHandlers: {
            Work: async () => {
              running++;
              peak = Math.max(peak, running);
              await new Promise((resolve) => setTimeout(resolve, 20));
              running--;
              return { ok: true };
            },
          },
        },
      ],
    });
    try {
      const stateMachineArn = sfn.stateMachineArn('m');
      const arns = await Promise.all(
        [0, 1, 2, 3, 4, 5].map(
          async (i) =>
            (await sfn.startExecution({ stateMachineArn, name: `e${i}`, input: '{}' })).executionArn,
        ),
      );
      expect(sfn.metrics().pendingTasks).toBeGreaterThan(2);
      while (sfn.metrics().running > 0) await new Promise((resolve) => setTimeout(resolve, 10));

      expect(peak).toBe(2);
      for (const executionArn of arns)
        expect((await sfn.describeExecution({ executionArn })).status).toBe('SUCCEEDED');
      expect(sfn.metrics()).toMatchObject({ pendingTasks: 0, completedTasks: 6 });
    } finally {
      await sfn.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('Given a Task with a 1 s timeout and one handler slot, When three executions queue for 0.6 s handlers, Then the wait does not count: each times its own run and all succeed', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'sfn-queue-timeout-'));
    const sfn = await LocalStepFunctions.create({
      region: 'ap-southeast-3',
      accountId: '000000000000',
      dataDir,
      maxConcurrentTasks: 1,
      machines: [
        {
          name: 'm',
          definition: JSON.stringify({
            StartAt: 'Work',
            States: {
              Work: {
                Type: 'Task',
                Resource: 'arn:aws:lambda:ap-southeast-3:000000000000:function:f',
                TimeoutSeconds: 1,
                End: true,
              },
            },
          }),
          taskHandlers: {
            Work: () => new Promise((resolve) => setTimeout(() => resolve({ ok: true }), 600)),
          },
        },
      ],
    });
    try {
      const stateMachineArn = sfn.stateMachineArn('m');
      const arns = await Promise.all(
        [0, 1, 2].map(
          async (i) =>
            (await sfn.startExecution({ stateMachineArn, name: `t${i}`, input: '{}' })).executionArn,
        ),
      );
      while (sfn.metrics().running > 0) await new Promise((resolve) => setTimeout(resolve, 10));

      for (const executionArn of arns)
        expect((await sfn.describeExecution({ executionArn })).status).toBe('SUCCEEDED');
    } finally {
      await sfn.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
