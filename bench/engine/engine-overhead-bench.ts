import { readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { Session } from 'node:inspector/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { SendTaskSuccessCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { StateMachine } from 'aws-local-stepfunctions';
import { LocalStepFunctions, type TaskHandler } from '../../infra/local/stepfunctions/index.js';
import { ASL_PATH, substituteDefinition, WORKFLOW_TASKS } from '../../workflows/tasks.js';
import { atMost, type Section } from '../report/figures.js';
import { benchTempDir, removeTempDir } from '../stack/child-processes.js';
import { median, round } from '../stats.js';

const REGION = 'ap-southeast-3';
const ACCOUNT = '000000000000';
const MACHINE = 'ikm-bench-overhead';

const decision = {
  decision: 'APPROVE',
  note: '',
  by: 'kabid@example.go.id',
  stage: 'KABID_IKM',
  at: '2016-01-04T00:00:00Z',
  actionId: 'x',
};

/** The approval plan CheckPolicy hands to RequestApproval (its waitSeconds is the Task's timeout). */
const approval = {
  stage: 'KABID_IKM',
  stageName: 'Kepala Bidang IKM',
  chainVersion: 1,
  requestedAt: '2016-01-04T00:00:00Z',
  remindAt: null,
  escalateAt: null,
  overdueAt: '2016-01-11T00:00:00Z',
  waitSeconds: 3600,
};

/** What each Task state returns on the one-stage happy path, without doing anything. */
const NO_OP_RESULTS: Record<string, unknown> = {
  CheckPolicy: { route: 'APPROVAL', approval },
  RecordDecision: { route: 'BUDGET' },
  AssignBudget: { status: 'BUDGET_ASSIGNED' },
  ApprovalTimer: { route: 'CLOSED', reason: 'bench' },
  RecordFailure: { recorded: false },
};

async function definitionText(projectRoot: string): Promise<string> {
  const asl = await readFile(join(projectRoot, ASL_PATH), 'utf8');
  const arns = Object.fromEntries(
    Object.values(WORKFLOW_TASKS).map((t) => [
      t.arnSubstitution,
      `arn:aws:lambda:${REGION}:${ACCOUNT}:function:bench-${t.functionName}`,
    ]),
  );
  return substituteDefinition(asl, arns);
}

const input = (i: number) => ({
  proposalId: `BENCH${String(i).padStart(21, '0')}`,
  revision: 1,
  attempt: 0,
  fiscalYear: 2016,
  districtCode: '73.71',
});

/** How the engine is called: through its HTTP endpoint with the AWS SDK (as the handlers do), or in-process. */
type EngineCalls = 'http' | 'in-process';

/**
 * The project's engine, journaling to disk: StartExecution and SendTaskSuccess either over HTTP with
 * @aws-sdk/client-sfn (what the stack's handlers do) or as direct calls of the same operations (the
 * engine's own work: journal, tokens, timers, bookkeeping, without the SDK's serialising, signing and
 * HTTP round trip).
 */
async function localEngineRun(
  definition: string,
  executions: number,
  calls: EngineCalls = 'http',
): Promise<number> {
  const dataDir = benchTempDir('engine');
  let sfn: SFNClient | undefined;
  let engineRef: LocalStepFunctions | undefined;
  const callbacks: Array<Promise<unknown>> = [];
  const handlers: Record<string, TaskHandler> = {};
  for (const state of Object.keys(WORKFLOW_TASKS)) {
    handlers[state] =
      state === 'RequestApproval'
        ? async (payload) => {
            const token = (payload as { taskToken: string }).taskToken;
            const output = JSON.stringify(decision);
            // As the action page does, in its own request after the handler has returned.
            setImmediate(() => {
              const sent =
                calls === 'http'
                  ? sfn?.send(new SendTaskSuccessCommand({ taskToken: token, output }))
                  : engineRef?.sendTaskSuccess({ taskToken: token, output });
              if (sent) callbacks.push(sent);
            });
            return {};
          }
        : async () => NO_OP_RESULTS[state] ?? {};
  }
  const engine = await LocalStepFunctions.create({
    region: REGION,
    accountId: ACCOUNT,
    dataDir,
    machines: [{ name: MACHINE, definition, taskHandlers: handlers }],
  });
  engineRef = engine;
  try {
    if (calls === 'http') {
      const { port } = await engine.listen(0, '127.0.0.1');
      sfn = new SFNClient({
        region: REGION,
        endpoint: `http://127.0.0.1:${port}`,
        credentials: { accessKeyId: 'l', secretAccessKey: 'l' },
      });
    }
    const arn = engine.stateMachineArn(MACHINE);
    const start = (i: number) => {
      const request = { stateMachineArn: arn, name: `bench-${i}`, input: JSON.stringify(input(i)) };
      return sfn ? sfn.send(new StartExecutionCommand(request)) : engine.startExecution(request);
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: executions }, (_, i) => start(i)));
    while (engine.metrics().running > 0) await new Promise((r) => setTimeout(r, 5));
    const elapsed = performance.now() - started;
    const m = engine.metrics();
    if (m.executionsStarted !== executions)
      throw new Error(`started ${m.executionsStarted} of ${executions} executions`);
    // The SDK may still be retrying a callback whose first attempt was answered; let those settle.
    await Promise.allSettled(callbacks);
    for (let i = 0; i < executions; i++) {
      const executionArn = `${arn.replace(':stateMachine:', ':execution:')}:bench-${i}`;
      const { status } = await engine.describeExecution({ executionArn });
      if (status !== 'SUCCEEDED') throw new Error(`execution bench-${i} ended ${status}`);
    }
    return elapsed;
  } finally {
    sfn?.destroy();
    await engine.close();
    removeTempDir(dataDir);
  }
}

type BareHandlers = NonNullable<
  NonNullable<Parameters<StateMachine['run']>[1]>['overrides']
>['taskResourceLocalHandlers'];

/**
 * The library resolves TimeoutSecondsPath against the task's Parameters rather than the state input
 * (the local engine works around that); for the bare run the one path becomes its literal value.
 */
function bareDefinition(definition: string): unknown {
  const asl = JSON.parse(definition) as { States: Record<string, Record<string, unknown>> };
  for (const state of Object.values(asl.States)) {
    if ('TimeoutSecondsPath' in state) {
      delete state.TimeoutSecondsPath;
      state.TimeoutSeconds = approval.waitSeconds;
    }
  }
  return asl;
}

/** The bare library: same ASL, the same no-op results, nothing around it. */
async function bareLibraryRun(definition: string, executions: number): Promise<number> {
  const machine = new StateMachine(
    bareDefinition(definition) as ConstructorParameters<typeof StateMachine>[0],
  );
  const handlers: BareHandlers = {};
  for (const state of Object.keys(WORKFLOW_TASKS)) {
    const result = (state === 'RequestApproval' ? decision : (NO_OP_RESULTS[state] ?? {})) as Record<
      string,
      string
    >;
    handlers[state] = async () => result;
  }
  const overrides = { taskResourceLocalHandlers: handlers };
  const started = performance.now();
  const outputs = await Promise.all(
    Array.from(
      { length: executions },
      (_, i) =>
        machine.run(input(i), {
          overrides,
          context: { Execution: { Id: `bench-${i}`, Name: `bench-${i}` }, Task: { Token: `token-${i}` } },
        }).result,
    ),
  );
  const elapsed = performance.now() - started;
  const assigned = outputs.filter(
    (o) => (o as { budget?: { status?: string } }).budget?.status === 'BUDGET_ASSIGNED',
  ).length;
  if (assigned !== executions)
    throw new Error(`the bare library assigned budget in ${assigned} of ${executions} runs`);
  return elapsed;
}

/**
 * What the local engine's callers pay whatever the engine does: the same SDK calls (a StartExecution
 * and a SendTaskSuccess per execution, all started at once) against an endpoint that answers each at
 * once without doing anything. Not part of the ratio: shown beside it, so that the share of the
 * engine's own work is visible.
 */
async function clientFloorRun(executions: number): Promise<number> {
  const stateMachineArn = `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${MACHINE}`;
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const body = String(request.headers['x-amz-target']).endsWith('StartExecution')
        ? JSON.stringify({
            executionArn: `${stateMachineArn.replace(':stateMachine:', ':execution:')}:x`,
            startDate: Date.now() / 1000,
          })
        : '{}';
      response.writeHead(200, {
        'content-type': 'application/x-amz-json-1.0',
        'content-length': Buffer.byteLength(body),
      });
      response.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const sfn = new SFNClient({
    region: REGION,
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    credentials: { accessKeyId: 'l', secretAccessKey: 'l' },
  });
  try {
    const taskToken = 'A'.repeat(43);
    const started = performance.now();
    await Promise.all(
      Array.from({ length: executions }, (_, i) =>
        sfn
          .send(
            new StartExecutionCommand({
              stateMachineArn,
              name: `bench-${i}`,
              input: JSON.stringify(input(i)),
            }),
          )
          .then(() => sfn.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(decision) }))),
      ),
    );
    return performance.now() - started;
  } finally {
    sfn.destroy();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

/** Runs `work` under the V8 CPU profiler of this process and writes the profile to `file`. */
async function profiled(file: string, work: () => Promise<unknown>): Promise<void> {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
    await work();
    const { profile } = await session.post('Profiler.stop');
    await writeFile(file, JSON.stringify(profile));
  } finally {
    session.disconnect();
  }
}

/** Rounds of bare and local runs, alternated so that a burst of load on the shared machine hits both. */
const ROUNDS = 3;

/** Figure 6: how much the engine's endpoint, journal and bookkeeping cost over the library it runs on. */
export async function engineOverheadBench(
  projectRoot: string,
  executions: number,
  cpuProfileDir?: string,
): Promise<Section> {
  const definition = await definitionText(projectRoot);
  // One small warm-up each, so neither side pays for module loading and JIT in the measured run.
  await bareLibraryRun(definition, 10);
  await localEngineRun(definition, 10);
  await localEngineRun(definition, 10, 'in-process');
  await clientFloorRun(10);
  const bare: number[] = [];
  const local: number[] = [];
  const direct: number[] = [];
  const floor: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    bare.push(await bareLibraryRun(definition, executions));
    direct.push(await localEngineRun(definition, executions, 'in-process'));
    local.push(await localEngineRun(definition, executions));
    floor.push(await clientFloorRun(executions));
  }
  // With --profile: one more local round under the inspector, kept apart from the measured ones.
  if (cpuProfileDir)
    await profiled(join(cpuProfileDir, 'local-engine.cpuprofile'), () =>
      localEngineRun(definition, executions),
    );
  const bareMs = median(bare);
  const directMs = median(direct);
  const localMs = median(local);
  const floorMs = median(floor);
  const ratio = localMs / bareMs;
  return {
    title: 'Engine overhead: local engine vs bare aws-local-stepfunctions',
    figures: [
      { key: 'engine.executions', label: 'executions started at once', value: executions, unit: 'count' },
      {
        key: 'engine.bareExecutionsPerSecond',
        label: 'bare library',
        value: round(executions / (bareMs / 1000)),
        unit: 'executions/s',
      },
      {
        key: 'engine.localExecutionsPerSecond',
        label: 'local engine (endpoint + journal)',
        value: round(executions / (localMs / 1000)),
        unit: 'executions/s',
      },
      {
        key: 'engine.inProcessRatio',
        label: 'local engine (journal, tokens, timers; called in-process) ÷ bare library',
        value: round(directMs / bareMs, 2),
        unit: '×',
        target: atMost(3),
      },
      {
        key: 'engine.overheadRatio',
        label: 'local engine through its HTTP endpoint with the AWS SDK ÷ bare library',
        value: round(ratio, 2),
        unit: '×',
      },
      {
        key: 'engine.clientFloorRatio',
        label: 'of which the SDK calls alone (endpoint doing nothing) ÷ bare',
        value: round(floorMs / bareMs, 2),
        unit: '×',
      },
      {
        key: 'engine.ownWorkRatio',
        label: '(local engine − SDK calls alone) ÷ bare library',
        value: round(Math.max(0, localMs - floorMs) / bareMs, 2),
        unit: '×',
      },
    ],
    notes: [
      'The same ASL (workflows/proposal.asl.json) with no-op Task handlers on the one-stage happy path (6 states). The local engine ' +
        'journals to disk and is driven twice: with StartExecution and SendTaskSuccess called in-process (its own work, the ' +
        "target), and through its HTTP endpoint with @aws-sdk/client-sfn as the stack's handlers call it; the bare library " +
        'runs in-process and returns the approval at once (its TimeoutSecondsPath replaced by the literal timeout, which the ' +
        'library cannot resolve).',
      `Medians of ${ROUNDS} alternated rounds. The SDK calls alone: the same StartExecution and SendTaskSuccess ` +
        'calls with the same client against an endpoint that answers at once, the floor any endpoint has; the bare ' +
        'library makes no call at all (its approval task returns the decision instead of waiting for a callback).',
    ],
    details: {
      bareMs: round(bareMs),
      inProcessMs: round(directMs),
      localMs: round(localMs),
      clientFloorMs: round(floorMs),
      rounds: {
        bareMs: bare.map((v) => round(v)),
        inProcessMs: direct.map((v) => round(v)),
        localMs: local.map((v) => round(v)),
        clientFloorMs: floor.map((v) => round(v)),
      },
    },
  };
}
