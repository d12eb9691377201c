import { readFile } from 'node:fs/promises';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { dynamoDb } from '../../functions/adapters/dynamodb/client.js';
import { resetEnvCache } from '../../functions/adapters/env.js';
import { ASL_PATH, substituteDefinition, WORKFLOW_TASKS } from '../../workflows/tasks.js';
import { HTTP_ROUTES, type HttpRoute } from '../routes.js';
import { SCHEDULED_TASKS } from '../schedules.js';
import { STREAM_CONSUMERS } from '../stream-consumers.js';
import { type BackpressureOptions, DEFAULT_STEP_BACKLOG_LIMIT, localBackpressure } from './backpressure.js';
import { loadBundledHandlers } from './bundled-handlers.js';
import { startDynamoDbLocal } from './dynamodb-local.js';
import { DynamoDbPriority, type DynamoDbPriorityOptions } from './dynamodb-priority.js';
import { type LambdaHttpHandler, startHttpGateway } from './http-gateway.js';
import { renderInboxHtml, renderInboxJson } from './inbox-pages.js';
import { createVerifier, jwks } from './jwt-issuer.js';
import { LOCAL_REGION, LOCAL_TABLE_NAME, localEnvironment } from './local-environment.js';
import { seedReferenceData } from './seed.js';
import { startSesEndpoint } from './ses-endpoint.js';
import { handleSignIn, renderSignInForm } from './sign-in-pages.js';
import { type SmtpCatcher, startSmtpCatcher } from './smtp-catcher.js';
import { emptyDataDir, lockDataDir } from './stack-lock.js';
import { LocalStepFunctions } from './stepfunctions/index.js';
import { reportWrites, type StreamTrigger, startStreamTrigger } from './stream-trigger.js';
import { ensureTable } from './table-setup.js';

export const PROJECT_ROOT = resolve(import.meta.dirname, '../..');

export interface LocalStackOptions {
  /** API and pages (`npm start` uses 3000). 0 picks a free port. */
  port: number;
  dynamoDbPort: number;
  sfnPort: number;
  smtpPort: number;
  /** The SES stand-in (AWS_ENDPOINT_URL_SES); 0 or absent picks a free port. */
  sesPort?: number;
  dataDir: string;
  /** Start empty: delete dataDir first. */
  reset?: boolean;
  /**
   * Step handlers run at once, the bounds above which new workflows wait or are refused (503), and
   * how the steps' DynamoDB calls give way to the API's.
   */
  backpressure?: BackpressureOptions & {
    maxConcurrentTasks?: number;
    maxConcurrentTasksWhileYielding?: number;
  } & DynamoDbPriorityOptions;
  log?: (line: string) => void;
  /**
   * Run the Lambda bundles as `cdk synth` builds them (built once per process into dataDir/bundles)
   * instead of the source modules.
   */
  bundles?: boolean;
}

export interface LocalStack {
  url: string;
  sfnEndpoint: string;
  dynamoDbEndpoint: string;
  sesEndpoint: string;
  inbox: SmtpCatcher;
  engine: LocalStepFunctions;
  /** The table's stream feeding the mail sender and run-control (see StreamTrigger). */
  streamTrigger: Pick<StreamTrigger, 'detachedWhile'>;
  /** Milliseconds from the call to ready. */
  startupMs: number;
  stop(): Promise<void>;
}

const REGION = LOCAL_REGION;
const ACCOUNT = '000000000000';
const STATE_MACHINE = 'ikm-proposal';

/** The function ARN a Task state names locally; only its shape matters to the engine. */
const localFunctionArn = (name: string) => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:ikm-local-${name}`;

type Handler = (event: unknown, context?: unknown) => Promise<unknown>;

async function loadHandler(entry: string): Promise<Handler> {
  const mod = (await import(pathToFileURL(join(PROJECT_ROOT, entry)).href)) as { handler?: Handler };
  if (typeof mod.handler !== 'function') throw new Error(`${entry} exports no handler`);
  return mod.handler;
}

/** Every handler module's handler: the source module, or the function's Lambda bundle. */
async function handlerLoader(
  options: LocalStackOptions,
  dataDir: string,
): Promise<(entry: string) => Handler> {
  if (!options.bundles) {
    const entries = [
      ...new Set(
        [...Object.values(WORKFLOW_TASKS), ...HTTP_ROUTES, ...SCHEDULED_TASKS, ...STREAM_CONSUMERS].map(
          (h) => h.entry,
        ),
      ),
    ];
    const loaded = new Map(await Promise.all(entries.map(async (e) => [e, await loadHandler(e)] as const)));
    return (entry) => loaded.get(entry) as Handler;
  }
  // What NODE_OPTIONS=--enable-source-maps does for each function on AWS.
  process.setSourceMapsEnabled(true);
  const bundled = await loadBundledHandlers(PROJECT_ROOT, join(dataDir, 'bundles'));
  return (entry) => {
    const handler = bundled.get(entry);
    if (!handler) throw new Error(`No bundle for ${entry}`);
    return handler;
  };
}

/**
 * The whole system on one machine: DynamoDB Local, the local Step Functions engine running the
 * real ASL file with the real step handlers, the SMTP catcher, and the HTTP gateway in front of
 * the real API handlers. Handlers are configured through the same environment variables as on
 * AWS; nothing in them knows it runs locally.
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const started = performance.now();
  const log = options.log ?? (() => {});
  const dataDir = resolve(options.dataDir);
  // Before anything touches the directory: a second stack on it is refused here, unharmed.
  const lock = await lockDataDir(dataDir);

  const stops: Array<() => Promise<void>> = [() => lock.release()];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch((e: unknown) => log(`stop: ${String(e)}`));
    stops.length = 0;
  };

  try {
    if (options.reset) await emptyDataDir(lock);
    const [apiPort, sfnPort, dynamoDbPort, smtpPort] = (await Promise.all(
      [options.port, options.sfnPort, options.dynamoDbPort, options.smtpPort].map((p) =>
        p === 0 ? freePort() : p,
      ),
    )) as [number, number, number, number];
    const [dynamo, inbox] = await Promise.all([
      startDynamoDbLocal({
        port: dynamoDbPort,
        dbDir: join(dataDir, 'dynamodb'),
        pidFile: join(dataDir, 'dynamodb-local.pid'),
      }),
      startSmtpCatcher({ port: smtpPort, dataDir: join(dataDir, 'mail') }),
    ]);
    stops.push(
      () => dynamo.stop(),
      () => inbox.close(),
    );
    const ses = await startSesEndpoint({ smtpPort: inbox.port, port: options.sesPort ?? 0 });
    stops.push(() => ses.close());

    const sfnEndpoint = `http://127.0.0.1:${sfnPort}`;
    const environment = localEnvironment({
      publicBaseUrl: `http://127.0.0.1:${apiPort}`,
      dynamoDb: dynamo.endpoint,
      stepFunctions: sfnEndpoint,
      ses: ses.endpoint,
      stateMachineArn: `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${STATE_MACHINE}`,
    });
    Object.assign(process.env, environment.fixed);
    setDefaultEnv(environment.defaults);
    resetEnvCache();

    const ddb = new DynamoDBClient({
      region: REGION,
      endpoint: dynamo.endpoint,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    await ensureTable(ddb, LOCAL_TABLE_NAME);
    ddb.destroy();
    const [, handlerOf, asl] = await Promise.all([
      // Locally each district's office gets an address the inbox shows (on AWS admins set the real ones).
      seedReferenceData(join(PROJECT_ROOT, 'data'), { contactsFor: localDistrictContacts }),
      handlerLoader(options, dataDir),
      readFile(join(PROJECT_ROOT, ASL_PATH), 'utf8'),
    ]);

    // The API's DynamoDB calls before the steps' (the handlers' shared client; the bundles each
    // carry their own client, so with bundles only the engine's step-level yield applies).
    // Past half the backlog that refuses submissions, the steps keep both their slots while requests
    // run: under a loaded CPU, one slot lets them fall behind a steady 20 submissions/s until
    // submissions are refused (measured with `npm run bench -- --only api`).
    const stepsBehindAt = (options.backpressure?.stepBacklogLimit ?? DEFAULT_STEP_BACKLOG_LIMIT) / 2;
    let engineMetrics: (() => { pendingTasks: number }) | undefined;
    const priority = new DynamoDbPriority({
      ...options.backpressure,
      behind: () => (engineMetrics?.().pendingTasks ?? 0) > stepsBehindAt,
    });
    if (!options.bundles) {
      const ungate = priority.install(dynamoDb());
      stops.push(async () => ungate());
    }

    // The table's stream feeds the mail sender and run-control, as the event source mappings do on
    // AWS; its reads and the consumers' DynamoDB calls are background work, like a step's.
    const streamTrigger = await startStreamTrigger({
      endpoint: dynamo.endpoint,
      region: REGION,
      tableName: LOCAL_TABLE_NAME,
      consumers: STREAM_CONSUMERS.map((c) => {
        const handler = handlerOf(c.entry);
        return {
          name: c.functionName,
          patterns: c.patterns,
          handler: (event: Parameters<typeof handler>[0]) => priority.background(() => handler(event)),
        };
      }),
      log,
      gate: (read) => priority.backgroundCall(read),
    });
    stops.push(() => streamTrigger.stop());
    if (!options.bundles) {
      // The handlers' writes are the records the consumers wait for: read them at once, not at the
      // idle interval (the bundles' own clients go unreported and wait for it, as on AWS).
      const unreport = reportWrites(dynamoDb(), () => streamTrigger.wrote());
      stops.push(async () => unreport());
    }

    const substitutions = Object.fromEntries(
      Object.values(WORKFLOW_TASKS).map((t) => [t.arnSubstitution, localFunctionArn(t.functionName)]),
    );
    const engine = await LocalStepFunctions.create({
      region: REGION,
      accountId: ACCOUNT,
      dataDir: join(dataDir, 'stepfunctions'),
      machines: [
        {
          name: STATE_MACHINE,
          definition: substituteDefinition(asl, substitutions),
          taskHandlers: Object.fromEntries(
            Object.entries(WORKFLOW_TASKS).map(([state, t]) => {
              const h = handlerOf(t.entry);
              return [state, (payload: unknown) => priority.background(() => h(payload))];
            }),
          ),
        },
      ],
      // The engine's defaults (2, 1 while the API is busy): with 4 (2) the steps fell behind a steady
      // 20 submissions/s (peak backlog 92–103 against 2 in the same conditions) and every POST waited longer.
      maxConcurrentTasks: options.backpressure?.maxConcurrentTasks,
      maxConcurrentTasksWhileYielding: options.backpressure?.maxConcurrentTasksWhileYielding,
      log,
    });
    stops.push(() => engine.close());
    engineMetrics = () => engine.metrics();
    await engine.listen(sfnPort, '127.0.0.1');

    const verifier = createVerifier(dataDir);
    const gateway = await startHttpGateway({
      port: apiPort,
      routes: HTTP_ROUTES,
      resolveHandler: (route: HttpRoute) => handlerOf(route.entry) as LambdaHttpHandler,
      verifyToken: (token) => verifier.verify(token),
      admission: localBackpressure(engine, options.backpressure, priority),
      localRoutes: [
        { method: 'GET', path: '/health', handle: (_req, res) => sendJson(res, 200, { status: 'ok' }) },
        {
          method: 'GET',
          path: '/_local/inbox',
          handle: (_req, res) =>
            send(res, 200, 'text/html; charset=utf-8', renderInboxHtml(inbox.messages())),
        },
        {
          method: 'GET',
          path: '/_local/inbox.json',
          handle: (_req, res) => sendJson(res, 200, renderInboxJson(inbox.messages())),
        },
        {
          method: 'GET',
          path: '/_local/sign-in',
          handle: async (_req, res) =>
            send(res, 200, 'text/html; charset=utf-8', await renderSignInForm(PROJECT_ROOT)),
        },
        {
          method: 'POST',
          path: '/_local/sign-in',
          handle: (req, res) => handleSignIn(req, res, { projectRoot: PROJECT_ROOT, dataDir }),
        },
        {
          method: 'GET',
          path: '/_local/.well-known/jwks.json',
          handle: async (_req, res) => sendJson(res, 200, await jwks(dataDir)),
        },
      ],
      log,
    });
    stops.push(() => gateway.close());

    const sweeps = await startSchedules(handlerOf, priority, log);
    stops.push(async () => sweeps.stop());

    return {
      url: gateway.url,
      sfnEndpoint,
      dynamoDbEndpoint: dynamo.endpoint,
      sesEndpoint: ses.endpoint,
      inbox,
      engine,
      streamTrigger,
      startupMs: performance.now() - started,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** `73.71` → `industri.7371@kabkota.local`: one inbox per district office. */
export const localDistrictContacts = (code: string): string[] => [
  `industri.${code.replace('.', '')}@kabkota.local`,
];

/**
 * The scheduled handlers, as EventBridge runs them on AWS: once now (finishing what a crash left
 * undone), then every interval. LOCAL_SCHEDULE_SECONDS shortens the interval (tests, demos). A run
 * never overlaps the previous one of the same handler.
 */
async function startSchedules(
  handlerOf: (entry: string) => Handler,
  priority: DynamoDbPriority,
  log: (line: string) => void,
): Promise<{ stop(): Promise<void> }> {
  const timers: NodeJS.Timeout[] = [];
  const running = new Set<Promise<unknown>>();
  for (const task of SCHEDULED_TASKS) {
    const handler = handlerOf(task.entry);
    let busy = false;
    const run = () => {
      if (busy) return;
      busy = true;
      const done = priority
        .background(() => handler({ source: 'local.schedule' }))
        .then((report) => {
          if (report && Object.values(report as object).some((n) => n !== 0))
            log(`${task.functionName}: ${JSON.stringify(report)}`);
        })
        .catch((error: unknown) => log(`${task.functionName} failed: ${String(error)}`))
        .finally(() => {
          busy = false;
          running.delete(done);
        });
      running.add(done);
    };
    const seconds = Number(process.env.LOCAL_SCHEDULE_SECONDS) || task.everyMinutes * 60;
    run();
    timers.push(setInterval(run, seconds * 1000));
  }
  return {
    async stop() {
      for (const t of timers) clearInterval(t);
      await Promise.allSettled([...running]);
    },
  };
}

/** Values a person or a test set beforehand win; the rest get the local defaults. */
function setDefaultEnv(values: Record<string, string>): void {
  for (const [k, v] of Object.entries(values)) process.env[k] ??= v;
}

/** A port the OS says is free now (for tests and benchmarks that run beside a developer's stack). */
function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolvePort(port));
    });
  });
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(body));
}
