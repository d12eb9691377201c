/**
 * The bench's stack process: the same local stack as `npm start` (infra/local/local-stack.ts), plus
 * the instruments the benchmarks read over IPC: a meter on the handlers' DynamoDB client, Lambda
 * invocation counts and durations (from the gateway's request log and the steps' `step finished` log lines),
 * the engine's metrics, and events when a watched step finishes or an email arrives.
 * Started by bench/stack/bench-stack.ts with `node --import tsx`; not meant to be run by hand.
 */
import { writeHeapSnapshot } from 'node:v8';
import { UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { dynamoDb, tableName } from '../../functions/adapters/dynamodb/client.js';
import * as keys from '../../functions/adapters/dynamodb/keys.js';
import { toItem } from '../../functions/adapters/dynamodb/marshalling.js';
import * as poolRepository from '../../functions/adapters/dynamodb/pool-repository.js';
import * as referenceRepository from '../../functions/adapters/dynamodb/reference-repository.js';
import { parseRuleSet } from '../../functions/domain/policy/rule-set.js';
import { type LocalStack, startLocalStack } from '../../infra/local/local-stack.js';
import { HTTP_ROUTES } from '../../infra/routes.js';
import { WORKFLOW_TASKS } from '../../workflows/tasks.js';
import { DynamoDbMeter } from './dynamodb-meter.js';
import type {
  LambdaCount,
  NodeMemoryPeak,
  StackConfig,
  StackMessage,
  StackReplies,
  StackRequest,
} from './protocol.js';

const send = (message: StackMessage) => {
  if (process.connected) process.send?.(message);
};

const config = JSON.parse(process.env.BENCH_STACK_CONFIG ?? 'null') as StackConfig | null;
if (!config || !process.send) {
  console.error('instrumented-stack.ts is started by the bench (npm run bench), with an IPC channel');
  process.exit(2);
}

const lambda = new Map<string, LambdaCount>();
const countInvocation = (fn: string, ms: number) => {
  const c = lambda.get(fn) ?? { invocations: 0, totalMs: 0, billedMs: 0 };
  c.invocations++;
  c.totalMs += ms;
  c.billedMs += Math.max(1, Math.ceil(ms));
  lambda.set(fn, c);
};

let watchedSteps = new Set<string>();
const functionOfState = new Map(Object.entries(WORKFLOW_TASKS).map(([state, t]) => [state, t.functionName]));

// Each step (and the mail sender) logs a `step finished` line with its step, proposalId and ms
// (functions/steps/step.ts, through functions/adapters/structured-logger.ts, which writes to the
// global console's info in POWERTOOLS_DEV mode, as the local stack runs it): counted, not printed.
const print = console.info.bind(console);
console.info = (...args: unknown[]) => {
  const first = args[0];
  if (
    args.length === 1 &&
    typeof first === 'string' &&
    first.startsWith('{') &&
    first.includes('step finished')
  ) {
    try {
      const line = JSON.parse(first) as { message: string; step: string; proposalId: string; ms: number };
      if (line.message === 'step finished') {
        countInvocation(functionOfState.get(line.step) ?? line.step, line.ms);
        if (watchedSteps.has(line.step)) {
          send({ type: 'step', step: line.step, proposalId: line.proposalId, ms: line.ms, at: Date.now() });
        }
        return;
      }
    } catch {
      // not a step line after all
    }
  }
  print(...args);
};

// The gateway logs `METHOD path status 12.3ms` per request; routes served by a handler are Lambda invocations.
const routePatterns = HTTP_ROUTES.map((r) => ({
  method: r.method,
  functionName: r.functionName,
  pattern: new RegExp(`^${r.path.replace(/\{[^}]+\}/g, '[^/]+')}$`),
}));
const REQUEST_LINE = /^([A-Z]+) (\S+) (\d{3}) ([\d.]+)ms$/;
const recentLog: string[] = [];
const onLog = (line: string) => {
  const m = REQUEST_LINE.exec(line);
  if (m) {
    const route = routePatterns.find((r) => r.method === m[1] && r.pattern.test(m[2] ?? ''));
    if (route) countInvocation(route.functionName, Number(m[4]));
    return;
  }
  recentLog.push(line);
  if (recentLog.length > 50) recentLog.shift();
  process.stderr.write(`${line}\n`);
};

const meter = new DynamoDbMeter();

// Where the stack's own memory sits at its peak (heap, off-heap), to explain the RSS the bench samples.
const MB = 1024 * 1024;
let memoryPeak: NodeMemoryPeak = { rss: 0, heapUsed: 0, heapTotal: 0, external: 0, arrayBuffers: 0 };
const sampleMemory = () => {
  const m = process.memoryUsage();
  if (m.rss / MB <= memoryPeak.rss) return;
  memoryPeak = {
    rss: m.rss / MB,
    heapUsed: m.heapUsed / MB,
    heapTotal: m.heapTotal / MB,
    external: m.external / MB,
    arrayBuffers: m.arrayBuffers / MB,
  };
};
setInterval(sampleMemory, 250).unref();
let stack: LocalStack | undefined;
/** While the stream is detached (`stream-detach`): what ends it, and the detachment itself. */
let attachStream: (() => void) | undefined;
let streamAttached: Promise<void> = Promise.resolve();
let stopWatchingMail: (() => void) | undefined;

async function shutdown(code: number): Promise<never> {
  stopWatchingMail?.();
  await stack?.stop().catch((e: unknown) => process.stderr.write(`stop failed: ${String(e)}\n`));
  stack = undefined;
  process.exit(code);
}

/** Pools and pagu indikatif large enough that no bench proposal is waitlisted or returned for money. */
async function raiseLimits(fiscalYear: number, amount: number): Promise<StackReplies['raise-limits']> {
  const pools = await poolRepository.ofYear(fiscalYear);
  for (const pool of pools) {
    await dynamoDb().send(
      new UpdateItemCommand({
        TableName: tableName(),
        Key: toItem(keys.pool(fiscalYear, pool.source, pool.districtCode)),
        UpdateExpression: 'SET ceiling = :c, remaining = :r',
        ExpressionAttributeValues: toItem({ ':c': amount, ':r': amount - pool.allocated }),
      }),
    );
  }
  const latest = await referenceRepository.latestRuleSet(fiscalYear);
  if (!latest) throw new Error(`no rule set for ${fiscalYear}`);
  const parsed = parseRuleSet(latest.document);
  if (!parsed.ok) throw new Error(`stored rule set ${fiscalYear} is invalid`);
  const version = latest.version + 1;
  const rules = parsed.ruleSet.rules.map((rule) =>
    rule.kind === 'DISTRICT_CEILING'
      ? {
          ...rule,
          params: {
            ...rule.params,
            defaultCeiling: amount,
            ceilingsByDistrict: Object.fromEntries(
              Object.keys(rule.params.ceilingsByDistrict).map((d) => [d, amount]),
            ),
          },
        }
      : rule,
  );
  const document = {
    ...parsed.ruleSet,
    version,
    description: `${parsed.ruleSet.description} (bench: pagu dinaikkan)`,
    rules,
  };
  const stored = await referenceRepository.putRuleSetVersion(
    fiscalYear,
    version,
    document,
    'bench',
    new Date().toISOString(),
  );
  if (!stored) throw new Error('another rule-set version was stored at the same time');
  return { pools: pools.length, ruleSetVersion: version };
}

function watchMail(on: boolean): void {
  stopWatchingMail?.();
  stopWatchingMail = undefined;
  if (!on || !stack) return;
  stopWatchingMail = stack.inbox.onMessage((m) =>
    send({ type: 'mail', subject: m.subject, links: m.links, at: Date.now() }),
  );
}

async function handle(request: StackRequest): Promise<unknown> {
  if (!stack) throw new Error('the stack is not running');
  switch (request.cmd) {
    case 'snapshot':
      return {
        dynamodb: meter.snapshot(),
        engine: stack.engine.metrics(),
        emails: stack.inbox.messages().length,
        lambda: Object.fromEntries(lambda),
        memoryPeak,
      } satisfies StackReplies['snapshot'];
    case 'reset':
      meter.reset();
      lambda.clear();
      memoryPeak = { rss: 0, heapUsed: 0, heapTotal: 0, external: 0, arrayBuffers: 0 };
      return null;
    case 'capture-start':
      meter.startCapture();
      return null;
    case 'capture-stop':
      return meter.stopCapture();
    case 'stream-detach': {
      if (attachStream) throw new Error('the stream is detached already');
      const { promise: detached, resolve: isDetached } = Promise.withResolvers<void>();
      const { promise: attach, resolve } = Promise.withResolvers<void>();
      attachStream = resolve;
      streamAttached = stack.streamTrigger.detachedWhile(async () => {
        isDetached();
        await attach;
      });
      await Promise.race([detached, streamAttached]);
      return null;
    }
    case 'stream-attach':
      attachStream?.();
      attachStream = undefined;
      await streamAttached;
      return null;
    case 'transitions':
      return request.executionArns.map((arn) => stack?.engine.transitionsOf(arn) ?? null);
    case 'raise-limits':
      return raiseLimits(request.fiscalYear, request.amount);
    case 'watch':
      watchedSteps = new Set(request.steps);
      watchMail(request.mail);
      return null;
    case 'heap-snapshot':
      return writeHeapSnapshot(request.path);
    case 'stop':
      setImmediate(() => void shutdown(0));
      return null;
  }
}

process.on('message', (raw) => {
  const request = raw as StackRequest;
  handle(request).then(
    (data) => send({ type: 'reply', id: request.id, ok: true, data }),
    (error: unknown) =>
      send({
        type: 'reply',
        id: request.id,
        ok: false,
        error: error instanceof Error ? error.message : String(error),
      }),
  );
});
// The bench died or was interrupted: never leave the stack (and its JVM) behind.
process.on('disconnect', () => void shutdown(0));
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void shutdown(0));

try {
  stack = await startLocalStack({ ...config, log: onLog });
  meter.install(dynamoDb());
  send({
    type: 'ready',
    url: stack.url,
    dynamoDbEndpoint: stack.dynamoDbEndpoint,
    sfnEndpoint: stack.sfnEndpoint,
    stateMachineArn: process.env.STATE_MACHINE_ARN ?? '',
    startupMs: stack.startupMs,
  });
} catch (error) {
  const detail = [error instanceof Error ? error.message : String(error), ...recentLog.slice(-5)].join(' | ');
  send({ type: 'failed', error: detail });
  await shutdown(1);
}
