import { readFile } from 'node:fs/promises';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { resetEnvCache } from '../../functions/adapters/env.js';
import { ASL_PATH, substituteDefinition, WORKFLOW_TASKS } from '../../workflows/tasks.js';
import { HTTP_ROUTES, type HttpRoute } from '../routes.js';
import { SCHEDULED_TASKS } from '../schedules.js';
import { type BackpressureOptions, localBackpressure } from './backpressure.js';
import { startDynamoDbLocal } from './dynamodb-local.js';
import { type LambdaHttpHandler, startHttpGateway } from './http-gateway.js';
import { renderInboxHtml, renderInboxJson } from './inbox-pages.js';
import { createVerifier, jwks } from './jwt-issuer.js';
import { seedReferenceData } from './seed.js';
import { type SmtpCatcher, startSmtpCatcher } from './smtp-catcher.js';
import { emptyDataDir, lockDataDir } from './stack-lock.js';
import { LocalStepFunctions } from './stepfunctions/index.js';
import { ensureTable } from './table-setup.js';

export const PROJECT_ROOT = resolve(import.meta.dirname, '../..');

export interface LocalStackOptions {
  /** API and pages (`npm start` uses 3000). 0 picks a free port. */
  port: number;
  dynamoDbPort: number;
  sfnPort: number;
  smtpPort: number;
  dataDir: string;
  /** Start empty: delete dataDir first. */
  reset?: boolean;
  /** Step handlers run at once, and the bounds above which new workflows are refused (503). */
  backpressure?: BackpressureOptions & { maxConcurrentTasks?: number };
  log?: (line: string) => void;
}

export interface LocalStack {
  url: string;
  sfnEndpoint: string;
  dynamoDbEndpoint: string;
  inbox: SmtpCatcher;
  engine: LocalStepFunctions;
  /** Milliseconds from the call to ready. */
  startupMs: number;
  stop(): Promise<void>;
}

const REGION = 'ap-southeast-3';
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

    const sfnEndpoint = `http://127.0.0.1:${sfnPort}`;
    // Where this stack's stand-ins listen: always this stack's.
    Object.assign(process.env, {
      TABLE_NAME: 'ikm-local',
      AWS_REGION: REGION,
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      SFN_ENDPOINT: sfnEndpoint,
      STATE_MACHINE_ARN: `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${STATE_MACHINE}`,
      PUBLIC_BASE_URL: `http://127.0.0.1:${apiPort}`,
      MAILER: 'smtp',
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(inbox.port),
    });
    setDefaultEnv({
      MAIL_FROM: 'Dinas Perindustrian Sulsel <noreply@disperin.local>',
      // Every local client is 127.0.0.1: the per-client limit of the link pages would count the
      // whole machine (tests, benchmarks) as one approver. Tests of the limit set it lower.
      ACTION_REQUESTS_PER_CLIENT_PER_MINUTE: '100000',
    });
    resetEnvCache();

    const ddb = new DynamoDBClient({
      region: REGION,
      endpoint: dynamo.endpoint,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    await ensureTable(ddb, process.env.TABLE_NAME ?? 'ikm-local');
    ddb.destroy();
    const [, taskHandlers, routeHandlers, asl] = await Promise.all([
      // Locally each district's office gets an address the inbox shows (on AWS admins set the real ones).
      seedReferenceData(join(PROJECT_ROOT, 'data'), { contactsFor: localDistrictContacts }),
      Promise.all(
        Object.entries(WORKFLOW_TASKS).map(
          async ([state, t]) => [state, await loadHandler(t.entry)] as const,
        ),
      ),
      Promise.all(
        [...new Set(HTTP_ROUTES.map((r) => r.entry))].map(
          async (entry) => [entry, await loadHandler(entry)] as const,
        ),
      ),
      readFile(join(PROJECT_ROOT, ASL_PATH), 'utf8'),
    ]);

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
            taskHandlers.map(([state, h]) => [state, (payload: unknown) => h(payload)]),
          ),
        },
      ],
      maxConcurrentTasks: options.backpressure?.maxConcurrentTasks,
      log,
    });
    stops.push(() => engine.close());
    await engine.listen(sfnPort, '127.0.0.1');

    const verifier = createVerifier(dataDir);
    const byEntry = new Map(routeHandlers);
    const gateway = await startHttpGateway({
      port: apiPort,
      routes: HTTP_ROUTES,
      resolveHandler: (route: HttpRoute) => byEntry.get(route.entry) as LambdaHttpHandler,
      verifyToken: (token) => verifier.verify(token),
      admission: localBackpressure(engine, options.backpressure),
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
          path: '/_local/.well-known/jwks.json',
          handle: async (_req, res) => sendJson(res, 200, await jwks(dataDir)),
        },
      ],
      log,
    });
    stops.push(() => gateway.close());

    const sweeps = await startSchedules(log);
    stops.push(async () => sweeps.stop());

    return {
      url: gateway.url,
      sfnEndpoint,
      dynamoDbEndpoint: dynamo.endpoint,
      inbox,
      engine,
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
async function startSchedules(log: (line: string) => void): Promise<{ stop(): Promise<void> }> {
  const timers: NodeJS.Timeout[] = [];
  const running = new Set<Promise<unknown>>();
  for (const task of SCHEDULED_TASKS) {
    const handler = await loadHandler(task.entry);
    let busy = false;
    const run = () => {
      if (busy) return;
      busy = true;
      const done = handler({ source: 'local.schedule' })
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
