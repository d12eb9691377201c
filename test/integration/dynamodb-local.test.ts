import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  GetItemCommand,
  ListTablesCommand,
  PutItemCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TABLE_DEFINITION } from '../../functions/adapters/dynamodb/table-definition.js';
import { type DynamoDbLocal, startDynamoDbLocal } from '../../infra/local/dynamodb-local.js';
import { ensureTable } from '../../infra/local/table-setup.js';

const TABLE = 'ikm-test';
const PROJECT_ROOT = resolve(import.meta.dirname, '../..');

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function clientFor(endpoint: string, region = 'ap-southeast-3', accessKeyId = 'local'): DynamoDBClient {
  return new DynamoDBClient({ region, endpoint, credentials: { accessKeyId, secretAccessKey: 'local' } });
}

/** Live (not zombie) DynamoDB Local JVMs listening on `port`, from /proc as `ps` would show them. */
function dynamoDbLocalPidsOnPort(port: number): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((entry) => {
      try {
        const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
        // A JVM's main thread turns zombie while the others still shut down and hold the port.
        const status = readFileSync(`/proc/${entry}/status`, 'utf8');
        const zombie = /^State:\s+Z/m.test(status) && /^Threads:\s+1$/m.test(status);
        const onPort = args[args.indexOf('-port') + 1] === String(port);
        return args.some((a) => a.includes('DynamoDBLocal.jar')) && onPort && !zombie ? [Number(entry)] : [];
      } catch {
        return [];
      }
    });
}

/** The local addresses of the listening TCP sockets on `port` (IPv4 and IPv6, v4-mapped shown as IPv4). */
function listeningAddresses(port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const found: string[] = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      if (state !== '0A' || !local?.endsWith(`:${hexPort}`)) continue; // 0A: LISTEN
      const hex = local.slice(0, local.indexOf(':'));
      const v4 =
        hex.length === 8 ? hex : hex.startsWith('0000000000000000FFFF0000') ? hex.slice(24) : undefined;
      found.push(
        v4 === undefined
          ? hex === '0'.repeat(32)
            ? '::'
            : hex
          : (v4.match(/../g) ?? [])
              .reverse()
              .map((b) => Number.parseInt(b, 16))
              .join('.'),
      );
    }
  }
  return found;
}

async function eventually(check: () => boolean, timeoutMs = 5_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}

describe('DynamoDB Local', () => {
  let workDir: string;
  let port: number;
  let pidFile: string;
  let dbDir: string;
  let ddb: DynamoDbLocal;
  let client: DynamoDBClient;
  const toStop: DynamoDbLocal[] = [];

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'ddb-local-test-'));
    port = await freePort();
    pidFile = join(workDir, 'dynamodb-local.pid');
    dbDir = join(workDir, 'db');
    ddb = await startDynamoDbLocal({ port, dbDir, pidFile });
    client = clientFor(ddb.endpoint);
  });

  afterAll(async () => {
    client?.destroy();
    await ddb?.stop();
    for (const d of toStop) await d.stop();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('Given a start, then it answers on 127.0.0.1 and records its pid', async () => {
    expect(ddb.endpoint).toBe(`http://127.0.0.1:${port}`);
    expect(readFileSync(pidFile, 'utf8').trim()).toBe(String(ddb.pid));
    expect(dynamoDbLocalPidsOnPort(port)).toEqual([ddb.pid]);
  });

  it('Given a start with a JDK present (javac builds the loopback launcher), then it listens on 127.0.0.1 only, as it reports', () => {
    const addresses = listeningAddresses(port);
    expect(addresses.length).toBeGreaterThan(0);
    const loopbackOnly = addresses.every((a) => a === '127.0.0.1');
    expect(ddb.listensOn).toBe(loopbackOnly ? '127.0.0.1' : 'every interface');
    // This machine (and CI) has a JDK: the launcher must have been built and used.
    if (existsSync('/usr/bin/javac')) expect(addresses).toEqual(['127.0.0.1']);
  });

  it('Given ensureTable twice, then the table exists once with its GSIs (ALL), on-demand, and TTL on its attribute', async () => {
    await ensureTable(client, TABLE);
    await ensureTable(client, TABLE);

    const { Table } = await client.send(new DescribeTableCommand({ TableName: TABLE }));
    expect(Table?.TableStatus).toBe('ACTIVE');
    expect(Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
    expect(Table?.KeySchema).toEqual([
      { AttributeName: TABLE_DEFINITION.partitionKey, KeyType: 'HASH' },
      { AttributeName: TABLE_DEFINITION.sortKey, KeyType: 'RANGE' },
    ]);
    const gsis = Table?.GlobalSecondaryIndexes ?? [];
    expect(gsis.map((g) => g.IndexName).sort()).toEqual(
      TABLE_DEFINITION.globalSecondaryIndexes.map((g) => g.indexName),
    );
    for (const def of TABLE_DEFINITION.globalSecondaryIndexes) {
      const gsi = gsis.find((g) => g.IndexName === def.indexName);
      expect(gsi?.IndexStatus).toBe('ACTIVE');
      expect(gsi?.Projection?.ProjectionType).toBe('ALL');
      expect(gsi?.KeySchema?.map((k) => k.AttributeName)).toEqual([def.partitionKey, def.sortKey]);
    }
    const { TimeToLiveDescription } = await client.send(new DescribeTimeToLiveCommand({ TableName: TABLE }));
    expect(TimeToLiveDescription).toMatchObject({
      TimeToLiveStatus: 'ENABLED',
      AttributeName: TABLE_DEFINITION.timeToLiveAttribute,
    });
    const { TableNames } = await client.send(new ListTablesCommand({}));
    expect(TableNames?.filter((n) => n === TABLE)).toHaveLength(1);
  });

  it('Given other credentials and another region, then the same tables are seen (-sharedDb)', async () => {
    const other = clientFor(ddb.endpoint, 'eu-west-1', 'AnotherKey42');
    try {
      const { TableNames } = await other.send(new ListTablesCommand({}));
      expect(TableNames).toContain(TABLE);
    } finally {
      other.destroy();
    }
  });

  it('Given a transaction with a failing condition, then it throws TransactionCanceledException with reasons', async () => {
    await ensureTable(client, TABLE);
    await client.send(
      new PutItemCommand({
        TableName: TABLE,
        Item: { PK: { S: 'POOL#2016#APBN' }, SK: { S: 'POOL' }, remaining: { N: '100' } },
      }),
    );
    const attempt = client.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          {
            Put: {
              TableName: TABLE,
              Item: { PK: { S: 'PROPOSAL#p1' }, SK: { S: 'ALLOCATION#1' }, amount: { N: '500' } },
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
          {
            Update: {
              TableName: TABLE,
              Key: { PK: { S: 'POOL#2016#APBN' }, SK: { S: 'POOL' } },
              UpdateExpression: 'SET remaining = remaining - :amount',
              ConditionExpression: 'remaining >= :amount',
              ExpressionAttributeValues: { ':amount': { N: '500' } },
            },
          },
        ],
      }),
    );
    const error = await attempt.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TransactionCanceledException);
    const reasons = (error as TransactionCanceledException).CancellationReasons?.map((r) => r.Code);
    expect(reasons).toEqual(['None', 'ConditionalCheckFailed']);
    const allocation = await client.send(
      new GetItemCommand({ TableName: TABLE, Key: { PK: { S: 'PROPOSAL#p1' }, SK: { S: 'ALLOCATION#1' } } }),
    );
    expect(allocation.Item).toBeUndefined();
  });

  it('Given data written, when stopped, then no JVM stays on the port, the pid file is gone, and a restart on the same dbDir still has the data', async () => {
    await ensureTable(client, TABLE);
    await client.send(
      new PutItemCommand({
        TableName: TABLE,
        Item: { PK: { S: 'DISTRICT#73.71' }, SK: { S: 'DISTRICT' }, name: { S: 'Kota Makassar' } },
      }),
    );
    const oldPid = ddb.pid;
    await ddb.stop();
    await ddb.stop(); // idempotent
    expect(dynamoDbLocalPidsOnPort(port)).toEqual([]);
    expect(existsSync(`/proc/${oldPid}/cmdline`) && dynamoDbLocalPidsOnPort(port).includes(oldPid)).toBe(
      false,
    );
    expect(existsSync(pidFile)).toBe(false);
    client.destroy();

    ddb = await startDynamoDbLocal({ port, dbDir, pidFile });
    client = clientFor(ddb.endpoint);
    const { Item } = await client.send(
      new GetItemCommand({ TableName: TABLE, Key: { PK: { S: 'DISTRICT#73.71' }, SK: { S: 'DISTRICT' } } }),
    );
    expect(Item?.name?.S).toBe('Kota Makassar');
  });

  it('Given a JVM whose owner forgot it (pid file kept), when started again with that pid file and port, then the old JVM is gone and the new one serves', async () => {
    const stalePort = await freePort();
    const stalePidFile = join(workDir, 'stale.pid');
    const forgotten = await startDynamoDbLocal({ port: stalePort, pidFile: stalePidFile });
    toStop.push(forgotten);

    const fresh = await startDynamoDbLocal({ port: stalePort, pidFile: stalePidFile });
    toStop.push(fresh);
    expect(fresh.pid).not.toBe(forgotten.pid);
    expect(dynamoDbLocalPidsOnPort(stalePort)).toEqual([fresh.pid]);
    expect(readFileSync(stalePidFile, 'utf8').trim()).toBe(String(fresh.pid));
    const freshClient = clientFor(fresh.endpoint);
    try {
      expect((await freshClient.send(new ListTablesCommand({}))).TableNames).toEqual([]);
    } finally {
      freshClient.destroy();
    }
    await fresh.stop();
    expect(dynamoDbLocalPidsOnPort(stalePort)).toEqual([]);
  });

  it('Given the port is held by another process, then start fails at once with a clear error and no JVM', async () => {
    const busyPort = await freePort();
    const holder = createServer();
    await new Promise<void>((r) => holder.listen(busyPort, r));
    try {
      const started = performance.now();
      await expect(
        startDynamoDbLocal({ port: busyPort, pidFile: join(workDir, 'busy.pid') }),
      ).rejects.toThrow(`port ${busyPort} is already in use`);
      expect(performance.now() - started).toBeLessThan(500);
      expect(dynamoDbLocalPidsOnPort(busyPort)).toEqual([]);
    } finally {
      holder.close();
    }
  });

  it('Given no Java, then start fails with how to install it', async () => {
    const saved = process.env.JAVA_HOME;
    process.env.JAVA_HOME = join(workDir, 'no-java-here');
    try {
      await expect(
        startDynamoDbLocal({ port: await freePort(), pidFile: join(workDir, 'nojava.pid') }),
      ).rejects.toThrow(/Java was not found.*openjdk-17-jre-headless/);
    } finally {
      if (saved === undefined) delete process.env.JAVA_HOME;
      else process.env.JAVA_HOME = saved;
    }
  });
});

/**
 * A separate Node process that starts DynamoDB Local and wires shutdown.ts as infra/local/main.ts
 * does; the test then ends it the ways a real run ends.
 */
describe('DynamoDB Local owned by a Node process that ends', () => {
  let workDir: string;
  let script: string;
  const children: ChildProcess[] = [];

  beforeAll(() => {
    workDir = mkdtempSync(join(tmpdir(), 'ddb-local-owner-'));
    script = join(workDir, 'owner.mts');
    const moduleUrl = (file: string) => pathToFileURL(join(PROJECT_ROOT, 'infra/local', file)).href;
    writeFileSync(
      script,
      `import { startDynamoDbLocal } from '${moduleUrl('dynamodb-local.ts')}';
import { onShutdown } from '${moduleUrl('shutdown.ts')}';
const [port, pidFile, mode] = process.argv.slice(2);
const ddb = await startDynamoDbLocal({ port: Number(port), pidFile });
onShutdown('dynamodb-local', () => ddb.stop());
console.log('ready ' + ddb.pid);
if (mode === 'crash') setTimeout(() => { throw new Error('simulated crash'); }, 20);
setInterval(() => {}, 60_000);
`,
    );
  });

  afterAll(() => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(workDir, { recursive: true, force: true });
  });

  async function startOwner(port: number, pidFile: string, mode = 'wait') {
    const child = spawn(process.execPath, ['--import', 'tsx', script, String(port), pidFile, mode], {
      cwd: PROJECT_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    const jvmPid = await new Promise<number>((resolvePid, reject) => {
      let stdout = '';
      child.stdout?.on('data', (d: Buffer) => {
        stdout += d.toString();
        const match = /ready (\d+)/.exec(stdout);
        if (match) resolvePid(Number(match[1]));
      });
      void exited.then((code) => reject(new Error(`owner exited (${code}) before ready: ${stderr}`)));
    });
    return { child, jvmPid, exited, stderr: () => stderr };
  }

  it('Given SIGTERM to the owner, then it stops DynamoDB Local and exits with code 0', async () => {
    const port = await freePort();
    const pidFile = join(workDir, 'term.pid');
    const owner = await startOwner(port, pidFile);
    expect(dynamoDbLocalPidsOnPort(port)).toEqual([owner.jvmPid]);
    owner.child.kill('SIGTERM');
    expect(await owner.exited).toBe(0);
    expect(dynamoDbLocalPidsOnPort(port)).toEqual([]);
    expect(existsSync(pidFile)).toBe(false);
  });

  it('Given an uncaught exception in the owner, then it logs it, stops DynamoDB Local and exits with code 1', async () => {
    const port = await freePort();
    const owner = await startOwner(port, join(workDir, 'crash.pid'), 'crash');
    expect(await owner.exited).toBe(1);
    expect(owner.stderr()).toContain('simulated crash');
    expect(dynamoDbLocalPidsOnPort(port)).toEqual([]);
  });

  it('Given the owner is SIGKILLed (JVM orphaned), when a new run starts with the same pid file, then the orphan is killed first', async () => {
    const port = await freePort();
    const pidFile = join(workDir, 'killed.pid');
    const owner = await startOwner(port, pidFile);
    owner.child.kill('SIGKILL');
    await owner.exited;
    // Nothing could clean up: the JVM lives on without its parent.
    expect(dynamoDbLocalPidsOnPort(port)).toEqual([owner.jvmPid]);

    const next = await startDynamoDbLocal({ port, pidFile });
    try {
      expect(await eventually(() => !dynamoDbLocalPidsOnPort(port).includes(owner.jvmPid))).toBe(true);
      expect(dynamoDbLocalPidsOnPort(port)).toEqual([next.pid]);
    } finally {
      await next.stop();
    }
    expect(dynamoDbLocalPidsOnPort(port)).toEqual([]);
  });
});
