import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localBackpressure } from '../../infra/local/backpressure.js';
import { type RunningHttpGateway, startHttpGateway } from '../../infra/local/http-gateway.js';
import { createVerifier, issueToken } from '../../infra/local/jwt-issuer.js';
import type { HttpRoute } from '../../infra/routes.js';

const route = (method: HttpRoute['method'], path: string, functionName: string): HttpRoute => ({
  method,
  path,
  entry: `functions/fake/${functionName}.ts`,
  functionName,
  auth: 'jwt',
});

/** Stands in for the engine: the backlog the test sets, and what the gateway asks of it. */
const engine = {
  pendingTasks: 0,
  yields: [] as boolean[],
  metrics() {
    return {
      executionsStarted: 0,
      running: 0,
      stateTransitions: 0,
      pendingTasks: this.pendingTasks,
      completedTasks: 0,
    };
  },
  yieldTasks(yielding: boolean) {
    this.yields.push(yielding);
  },
};

describe('local stack backpressure at the gateway', () => {
  let dataDir: string;
  let gateway: RunningHttpGateway;
  let token: string;
  const calls: string[] = [];
  /** Handlers wait for this before answering, so that requests can be held in flight. */
  let release: Promise<void> = Promise.resolve();

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'ikm-backpressure-'));
    const verifier = createVerifier(dataDir);
    gateway = await startHttpGateway({
      port: 0,
      routes: [
        route('POST', '/proposals', 'create-proposal'),
        route('GET', '/proposals/{id}', 'get-proposal'),
      ],
      resolveHandler: (r) => async () => {
        calls.push(r.functionName);
        await release;
        return { statusCode: 201, body: '{}' } satisfies APIGatewayProxyResultV2;
      },
      verifyToken: (t) => verifier.verify(t),
      admission: localBackpressure(engine, {
        stepBacklogLimit: 10,
        maxWorkflowStartsInFlight: 2,
        maxWaitingStarts: 1,
        maxStartWaitMs: 300,
        retryAfterSeconds: 3,
      }),
    });
    token = await issueToken({ role: 'submitter', districtCode: '73.71', dataDir });
  });

  afterAll(async () => {
    await gateway.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const post = () =>
    fetch(`${gateway.url}/proposals`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{}',
    });

  it('Given a step backlog over its bound, When a proposal is posted, Then 503 with Retry-After and an Indonesian SERVICE_BUSY error, and no handler runs; reads still pass', async () => {
    engine.pendingTasks = 11;
    calls.length = 0;

    const refused = await post();
    const read = await fetch(`${gateway.url}/proposals/P1`, {
      headers: { authorization: `Bearer ${token}` },
    });

    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('3');
    expect(await refused.json()).toEqual({
      error: {
        code: 'SERVICE_BUSY',
        message: 'Sistem sedang memproses banyak usulan. Silakan kirim ulang dalam 3 detik.',
        details: [],
      },
    });
    expect(read.status).toBe(201);
    expect(calls).toEqual(['get-proposal']);
    engine.pendingTasks = 10;
    expect((await post()).status).toBe(201);
  });

  /** Holds every handler until the returned function is called. */
  const hold = () => {
    let open!: () => void;
    release = new Promise<void>((resolve) => {
      open = resolve;
    });
    return open;
  };
  const until = async (done: () => boolean) => {
    while (!done()) await new Promise((r) => setTimeout(r, 5));
  };

  it('Given two submissions in flight, When a third and a fourth arrive, Then the third waits for a turn, the fourth (the waiting line full) is refused at once, and the third runs once one answers; the engine yields while any request runs', async () => {
    engine.pendingTasks = 0;
    engine.yields.length = 0;
    calls.length = 0;
    const open = hold();

    const held = [post(), post()];
    await until(() => calls.length === 2);
    const third = post();
    const fourth = await post();
    expect(fourth.status).toBe(503);
    expect(fourth.headers.get('retry-after')).toBe('3');
    expect(calls).toHaveLength(2);

    open();
    const answered = await Promise.all([...held, third]);
    expect(answered.map((r) => r.status)).toEqual([201, 201, 201]);
    expect(calls).toHaveLength(3);
    expect(engine.yields[0]).toBe(true);
    expect(engine.yields.at(-1)).toBe(false);
  });

  it('Given a submission waiting for a turn, When none comes within its longest wait, Then it is refused with 503 and its handler never runs', async () => {
    engine.pendingTasks = 0;
    calls.length = 0;
    const open = hold();

    const held = [post(), post()];
    await until(() => calls.length === 2);
    const started = Date.now();
    const waited = await post();
    expect(waited.status).toBe(503);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);

    open();
    await Promise.all(held);
    expect(calls).toHaveLength(2);
  });

  it('Given a submission waiting for a turn, When its turn comes while the step backlog is over its bound, Then it is refused with 503 and its handler never runs', async () => {
    engine.pendingTasks = 0;
    calls.length = 0;
    const open = hold();

    const held = [post(), post()];
    await until(() => calls.length === 2);
    const third = post();
    await new Promise((r) => setTimeout(r, 20));
    engine.pendingTasks = 11;
    open();
    await Promise.all(held);
    expect((await third).status).toBe(503);
    expect(calls).toHaveLength(2);
    engine.pendingTasks = 0;
  });
});
