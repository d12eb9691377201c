import autocannon from 'autocannon';
import { type RateReplayResult, replayAtRate } from '../dynamodb/raw-writer.js';
import { atMost, type Figure, type Section } from '../report/figures.js';
import type { BenchStack } from '../stack/bench-stack.js';
import type { NodeMemoryPeak } from '../stack/protocol.js';
import type { MemoryPeak } from '../stack/rss-sampler.js';
import { round } from '../stats.js';
import { type OpenLoopResult, openLoop } from './open-loop.js';
import { benchProposal, GENEROUS_RUPIAH, type Submitter, submitProposal } from './proposals.js';

export interface ApiLoadOptions {
  connections: number;
  durationSeconds: number;
  /** Proposals created beforehand for GET /proposals/{id}. */
  getTargets: number;
  drainTimeoutMs: number;
  /** The open-loop phase: POST /proposals at a fixed rate, whatever the latency. */
  steadyRatePerSecond: number;
  steadySeconds: number;
}

export interface ApiLoadResult {
  section: Section;
  memory: MemoryPeak;
  nodeMemory: NodeMemoryPeak;
}

function runAutocannon(opts: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(opts, (error, result) => (error ? reject(error) : resolve(result)));
    // autocannon prints nothing unless asked; keep it that way, the bench prints its own table.
    instance.on('error', reject);
  });
}

/** Refusals under backpressure (503 + Retry-After) are counted apart from errors. */
function busyOf(r: autocannon.Result): number {
  return (r.statusCodeStats as Record<string, { count: number } | undefined>)['503']?.count ?? 0;
}

/** autocannon's latencies are those of 2xx responses only: a refused request is not in the p99. */
function figuresOf(prefix: string, label: string, r: autocannon.Result): Figure[] {
  const busy = busyOf(r);
  const errors = r.errors + r.non2xx - busy;
  return [
    {
      key: `${prefix}.requestsPerSecond`,
      label: `${label}: requests/s`,
      value: round(r.requests.average),
      unit: 'req/s',
    },
    { key: `${prefix}.latencyP50Ms`, label: `${label}: p50`, value: r.latency.p50, unit: 'ms' },
    { key: `${prefix}.latencyP99Ms`, label: `${label}: p99`, value: r.latency.p99, unit: 'ms' },
    { key: `${prefix}.accepted`, label: `${label}: 2xx responses`, value: r['2xx'], unit: 'count' },
    {
      key: `${prefix}.refusedBusy`,
      label: `${label}: refused, 503 + Retry-After (backpressure)`,
      value: busy,
      unit: 'count',
    },
    {
      key: `${prefix}.errors`,
      label: `${label}: errors (other non-2xx, timeouts, resets)`,
      value: errors,
      unit: 'count',
    },
  ];
}

function openLoopFigures(prefix: string, label: string, r: OpenLoopResult): Figure[] {
  const busy = r.byStatus['503'] ?? 0;
  const accepted = Object.entries(r.byStatus)
    .filter(([status]) => status.startsWith('2'))
    .reduce((sum, [, count]) => sum + count, 0);
  return [
    { key: `${prefix}.sent`, label: `${label}: requests sent`, value: r.sent, unit: 'count' },
    { key: `${prefix}.latencyP50Ms`, label: `${label}: p50`, value: round(r.latencyMs.p50), unit: 'ms' },
    {
      key: `${prefix}.latencyP99Ms`,
      label: `${label}: p99`,
      value: round(r.latencyMs.p99),
      unit: 'ms',
      target: atMost(25),
    },
    { key: `${prefix}.accepted`, label: `${label}: 2xx responses`, value: accepted, unit: 'count' },
    {
      key: `${prefix}.refusedBusy`,
      label: `${label}: refused, 503 + Retry-After (backpressure)`,
      value: busy,
      unit: 'count',
    },
    {
      key: `${prefix}.errors`,
      label: `${label}: errors (other non-2xx, resets)`,
      value: r.sent - accepted - busy,
      unit: 'count',
    },
  ];
}

/** Polls the engine's step backlog while a phase runs; returns the highest value seen. */
function backlogWatcher(stack: BenchStack): { stop(): Promise<number> } {
  let peak = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const { engine } = await stack.request({ cmd: 'snapshot' });
      peak = Math.max(peak, engine.pendingTasks);
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return peak;
    },
  };
}

/** Figure 2: GET /proposals/{id}, then POST /proposals, each under autocannon's load. */
export async function apiLoadBench(
  stack: BenchStack,
  submitters: Submitter[],
  opts: ApiLoadOptions,
): Promise<ApiLoadResult> {
  // Thousands of Rp 510 juta proposals would pass every pagu indikatif; the workflows must all reach the approver.
  await stack.request({ cmd: 'raise-limits', fiscalYear: 2016, amount: GENEROUS_RUPIAH });
  const requestApprovalDone = new Set<string>();
  stack.on('step', (s) => {
    if (s.step === 'RequestApproval') requestApprovalDone.add(s.proposalId);
  });
  await stack.request({ cmd: 'watch', steps: ['RequestApproval'], mail: false });

  // Proposals to read, created and settled (waiting for approval) before the GET load starts.
  const targets: Array<{ id: string; token: string }> = [];
  for (let i = 0; i < opts.getTargets; i += 10) {
    const batch = Array.from({ length: Math.min(10, opts.getTargets - i) }, (_, j) =>
      benchProposal(submitters, i + j, 'get'),
    );
    const created = await Promise.all(
      batch.map(async (p) => {
        const res = await submitProposal(stack.url, p);
        const body = (await res.json()) as { id?: string };
        if (res.status !== 201 || !body.id)
          throw new Error(`seeding GET targets: POST /proposals → ${res.status}`);
        return { id: body.id, token: p.submitter.token };
      }),
    );
    targets.push(...created);
  }
  await waitUntil(
    () => targets.every((t) => requestApprovalDone.has(t.id)),
    opts.drainTimeoutMs,
    'the GET targets to settle',
  );

  stack.sampler.start();
  let g = 0;
  const getResult = await runAutocannon({
    url: stack.url,
    connections: opts.connections,
    duration: opts.durationSeconds,
    requests: [
      {
        method: 'GET',
        setupRequest: (req) => {
          const t = targets[g++ % targets.length] as { id: string; token: string };
          return { ...req, path: `/proposals/${t.id}`, headers: { authorization: `Bearer ${t.token}` } };
        },
      },
    ],
  });

  const before = await stack.request({ cmd: 'snapshot' });
  const approvalsBefore = requestApprovalDone.size;
  let n = 0;
  const postStarted = performance.now();
  const postBacklog = backlogWatcher(stack);
  const postResult = await runAutocannon({
    url: stack.url,
    connections: opts.connections,
    duration: opts.durationSeconds,
    requests: [
      {
        method: 'POST',
        setupRequest: (req) => {
          const p = benchProposal(submitters, n, 'post');
          n++;
          return {
            ...req,
            path: '/proposals',
            headers: { authorization: `Bearer ${p.submitter.token}`, 'content-type': 'application/json' },
            body: JSON.stringify(p.body),
          };
        },
      },
    ],
  });
  const postSeconds = (performance.now() - postStarted) / 1000;
  const postPeakBacklog = await postBacklog.stop();
  // Requests still in flight when autocannon stopped counting were served too: ask the engine.
  await new Promise((r) => setTimeout(r, 1000));
  const started = await stack.request({ cmd: 'snapshot' });
  const created = started.engine.executionsStarted - before.engine.executionsStarted;
  // Every accepted POST started a workflow; most are still on their way to the approval email.
  const drainStarted = performance.now();
  let drained = true;
  try {
    await waitUntil(
      () => requestApprovalDone.size - approvalsBefore >= created,
      opts.drainTimeoutMs,
      'the workflows to drain',
    );
  } catch {
    drained = false;
  }
  const drainSeconds = (performance.now() - drainStarted) / 1000;
  const after = await stack.request({ cmd: 'snapshot' });
  const settled = requestApprovalDone.size - approvalsBefore;

  // Open loop: a fixed rate of submissions, as people would send them, while the workflows drain.
  const steadyBefore = await stack.request({ cmd: 'snapshot' });
  const steadyApprovalsBefore = requestApprovalDone.size;
  const steadyBacklog = backlogWatcher(stack);
  const steadyResult = await openLoop(stack.url, opts.steadyRatePerSecond, opts.steadySeconds, (i) => {
    const p = benchProposal(submitters, i, 'steady');
    return {
      method: 'POST',
      path: '/proposals',
      headers: { authorization: `Bearer ${p.submitter.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(p.body),
    };
  });
  await new Promise((r) => setTimeout(r, 1000));
  const steadyStarted =
    (await stack.request({ cmd: 'snapshot' })).engine.executionsStarted -
    steadyBefore.engine.executionsStarted;
  const steadyDrainStarted = performance.now();
  let steadyDrained = true;
  try {
    await waitUntil(
      () => requestApprovalDone.size - steadyApprovalsBefore >= steadyStarted,
      opts.drainTimeoutMs,
      'the steady-rate workflows to drain',
    );
  } catch {
    steadyDrained = false;
  }
  const steadyDrainSeconds = (performance.now() - steadyDrainStarted) / 1000;
  const steadyPeakBacklog = await steadyBacklog.stop();
  const steadySettled = requestApprovalDone.size - steadyApprovalsBefore;
  const memory = await stack.sampler.stop();
  await stack.request({ cmd: 'watch', steps: [], mail: false });
  const floor = await dynamoDbFloor(stack, submitters, opts);
  const steadyLabel = `POST /proposals at ${opts.steadyRatePerSecond}/s`;

  return {
    memory,
    nodeMemory: after.memoryPeak,
    section: {
      title: `API under load (autocannon, ${opts.connections} connections, ${opts.durationSeconds} s each)`,
      figures: [
        ...figuresOf('api.getProposal', 'GET /proposals/{id}', getResult),
        ...figuresOf('api.postProposals', 'POST /proposals', postResult),
        {
          key: 'api.postProposals.workflowsStarted',
          label: 'POST /proposals: workflows started',
          value: created,
          unit: 'count',
        },
        {
          key: 'api.postProposals.workflowDrainSeconds',
          label: 'POST /proposals: time after the load until every workflow mailed its approver',
          value: drained ? round(drainSeconds, 1) : null,
          unit: 's',
          ...(drained
            ? {}
            : { note: `only ${settled} of ${created} reached AWAITING_APPROVAL within the timeout` }),
        },
        {
          key: 'api.postProposals.peakStepBacklog',
          label: 'POST /proposals: peak step backlog in the engine (waiting + running)',
          value: postPeakBacklog,
          unit: 'count',
        },
        {
          key: 'api.postToGetP99Ratio',
          label: 'POST /proposals p99 ÷ GET /proposals/{id} p99 (same run)',
          value: round(postResult.latency.p99 / getResult.latency.p99, 2),
          unit: '×',
          target: atMost(2),
        },
        ...openLoopFigures('api.steadyPost', steadyLabel, steadyResult),
        {
          key: 'api.steadyPost.workflowsStarted',
          label: `${steadyLabel}: workflows started`,
          value: steadyStarted,
          unit: 'count',
        },
        {
          key: 'api.steadyPost.workflowDrainSeconds',
          label: `${steadyLabel}: time after the load until every workflow mailed its approver`,
          value: steadyDrained ? round(steadyDrainSeconds, 1) : null,
          unit: 's',
          ...(steadyDrained
            ? {}
            : {
                note: `only ${steadySettled} of ${steadyStarted} reached AWAITING_APPROVAL within the timeout`,
              }),
        },
        {
          key: 'api.steadyPost.dynamodbFloorP50Ms',
          label: `${steadyLabel}: its DynamoDB calls alone, idle database, p50`,
          value: round(floor.latencyMs.p50),
          unit: 'ms',
        },
        {
          key: 'api.steadyPost.dynamodbFloorP99Ms',
          label: `${steadyLabel}: its DynamoDB calls alone, idle database, p99`,
          value: round(floor.latencyMs.p99),
          unit: 'ms',
        },
        {
          key: 'api.steadyPost.peakStepBacklog',
          label: `${steadyLabel}: peak step backlog in the engine`,
          value: steadyPeakBacklog,
          unit: 'count',
        },
      ],
      notes: [
        `GET reads ${targets.length} proposals (each with its own district's token) that wait for approval. ` +
          'POST bodies are valid 2016 proposals with unique titles, spread over the 24 districts.',
        `Every accepted POST also starts a workflow: during the ${round(postSeconds, 1)} s POST load the engine made ` +
          `${after.engine.stateTransitions - before.engine.stateTransitions} state transitions in the same process, ` +
          `and ${settled} of ${created} workflows had reached AWAITING_APPROVAL (email sent) ` +
          `${round(drainSeconds, 1)} s after the load stopped. The POST figures include that work competing for the CPU.`,
        `Open loop: ${opts.steadyRatePerSecond} submissions/s for ${opts.steadySeconds} s, evenly spaced, each timed from ` +
          "when it was due (bench/load/open-loop.ts; autocannon's rate options send every connection's quota at the start " +
          `of each second, a burst rather than a rate), after the closed-loop POST load has drained; ${steadySettled} of ` +
          `${steadyStarted} workflows had mailed their approver ${round(steadyDrainSeconds, 1)} s after it stopped.`,
        `The floor under the steady-rate figure: one POST's own DynamoDB calls (${floor.calls}), captured in the stack ` +
          `and replayed with fresh ids at ${opts.steadyRatePerSecond}/s for ${opts.steadySeconds} s from the bench ` +
          "process against the same DynamoDB Local once the workflows had drained and with the table's stream " +
          `detached (nothing else running; ${floor.failures} failed): p50 ${round(floor.latencyMs.p50)} ms, p99 ` +
          `${round(floor.latencyMs.p99)} ms, before any HTTP, token check, validation or competing step.`,
        'Backpressure: the engine runs a bounded number of step handlers at once and the local gateway answers ' +
          'POST /proposals and revisions with 503 + Retry-After while the step backlog is over its bound (nothing is ' +
          'stored for a refused request); latencies are those of 2xx responses, refusals are counted apart.',
        'autocannon runs in the bench process, the stack in its own process, on the same machine; CPU during the ' +
          `loads and the drains: DynamoDB Local (JVM) ${round(memory.javaCores, 2)} cores, the stack's Node process ` +
          `${round(memory.nodeCores, 2)} cores.`,
      ],
      details: {
        get: summaryOf(getResult),
        post: summaryOf(postResult),
        steadyPost: steadyResult,
        steadyPostDynamoDbFloor: floor,
      },
    },
  };
}

function summaryOf(r: autocannon.Result) {
  return {
    requests: r.requests.total,
    averageRps: r.requests.average,
    latencyMs: {
      p50: r.latency.p50,
      p90: r.latency.p90,
      p99: r.latency.p99,
      max: r.latency.max,
      mean: r.latency.average,
    },
    status: { '2xx': r['2xx'], '4xx': r['4xx'], '5xx': r['5xx'], '503': busyOf(r) },
    errors: r.errors,
    timeouts: r.timeouts,
  };
}

/**
 * One POST's DynamoDB calls replayed at the steady rate against the idle database, with the stream's
 * consumers detached so that the replayed run markers start no workflow. Their markers (and the
 * captured POST's own) stay in the table, where the sweep would start their runs after its grace
 * period, as after a crash: hence the last phase of this stack, which the bench stops right after.
 */
async function dynamoDbFloor(
  stack: BenchStack,
  submitters: Submitter[],
  opts: ApiLoadOptions,
): Promise<RateReplayResult & { calls: string }> {
  await stack.request({ cmd: 'stream-detach' });
  try {
    const p = benchProposal(submitters, 0, 'floor');
    await stack.request({ cmd: 'capture-start' });
    const res = await submitProposal(stack.url, p);
    const captured = await stack.request({ cmd: 'capture-stop' });
    const body = (await res.json()) as { id?: string };
    if (res.status !== 201 || !body.id) throw new Error(`the floor's POST /proposals → ${res.status}`);
    const ids = {
      proposalId: body.id,
      actionIds: [],
      districtCode: p.submitter.districtCode,
      districts: submitters.map((s) => s.districtCode),
    };
    const result = await replayAtRate(
      stack.ready.dynamoDbEndpoint,
      captured,
      ids,
      opts.steadyRatePerSecond,
      opts.steadySeconds,
    );
    const calls = captured
      .map((c) =>
        Array.isArray(c.input.TransactItems) ? `${c.operation}×${c.input.TransactItems.length}` : c.operation,
      )
      .join(', ');
    return { ...result, calls };
  } finally {
    await stack.request({ cmd: 'stream-attach' });
  }
}

async function waitUntil(done: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
