import { type ChildProcess, spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { onInterrupt, releaseGroup, releasePidFile, trackGroup, trackPidFile } from './child-processes.js';
import { assertLoopback } from './loopback.js';
import { freeStackPorts } from './ports.js';
import type {
  MailEvent,
  ReadyMessage,
  StackCommand,
  StackMessage,
  StackReplies,
  StepEvent,
} from './protocol.js';
import { RssSampler } from './rss-sampler.js';

export interface BenchStackOptions {
  projectRoot: string;
  dataDir: string;
  reset?: boolean;
  startTimeoutMs?: number;
  /** Run the stack under `--cpu-prof`; the profile is written here when the stack stops. */
  cpuProfileDir?: string;
}

type Pending = { resolve: (data: unknown) => void; reject: (error: Error) => void };

/**
 * A local stack in its own process (bench/stack/instrumented-stack.ts), on free ports and its own
 * data directory, driven over IPC. Its memory is the stack's memory: the bench's own load
 * generators and bookkeeping live in this process, not in that one.
 */
export class BenchStack extends EventEmitter<{ step: [StepEvent]; mail: [MailEvent] }> {
  readonly sampler: RssSampler;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private exited = false;
  private readonly stderrTail: string[] = [];
  private readonly untrackInterrupt: () => void;

  private constructor(
    private readonly child: ChildProcess,
    readonly ready: ReadyMessage,
    readonly dataDir: string,
    private readonly pidFile: string,
  ) {
    super();
    this.sampler = new RssSampler(child.pid as number);
    this.untrackInterrupt = onInterrupt(() => this.stop());
    child.on('message', (raw) => this.onMessage(raw as StackMessage));
    // Send failures reach the caller through request(); the event must not crash the bench.
    child.on('error', () => {});
    child.once('exit', () => {
      this.exited = true;
      for (const p of this.pending.values())
        p.reject(new Error(`the stack process exited; ${this.lastErrors()}`));
      this.pending.clear();
    });
    child.stderr?.on('data', (d: Buffer) => this.keepTail(d));
  }

  get url(): string {
    return this.ready.url;
  }

  get pid(): number {
    return this.child.pid as number;
  }

  static async start(options: BenchStackOptions): Promise<BenchStack> {
    const ports = await freeStackPorts();
    const config = { ...ports, dataDir: options.dataDir, reset: options.reset ?? false };
    const env: NodeJS.ProcessEnv = { ...process.env, BENCH_STACK_CONFIG: JSON.stringify(config) };
    // The step lines are how the bench counts step invocations and their durations.
    delete env.POWERTOOLS_LOG_LEVEL;
    env.POWERTOOLS_DEV = 'true';
    const profile = options.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`] : [];
    const entry = join(options.projectRoot, 'bench/stack/instrumented-stack.ts');
    // The same heap cap as `npm start` (package.json), so the memory figure is the stack's as people run it.
    const child = spawn(
      process.execPath,
      ['--max-old-space-size=320', ...profile, '--import', 'tsx', entry],
      {
        cwd: options.projectRoot,
        env,
        detached: true,
        stdio: ['ignore', process.env.BENCH_STACK_STDOUT ? 'inherit' : 'ignore', 'pipe', 'ipc'],
      },
    );
    trackGroup(child);
    const pidFile = join(options.dataDir, 'dynamodb-local.pid');
    trackPidFile(pidFile);

    const stderr: string[] = [];
    child.stderr?.on('data', (d: Buffer) => stderr.push(d.toString()));
    const ready = await new Promise<ReadyMessage>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(new Error(`the stack did not start within ${(options.startTimeoutMs ?? 60_000) / 1000} s`)),
        options.startTimeoutMs ?? 60_000,
      );
      child.on('message', (m: StackMessage) => {
        if (m.type === 'ready') {
          clearTimeout(timer);
          resolve(m);
        } else if (m.type === 'failed') {
          clearTimeout(timer);
          reject(new Error(`the stack failed to start: ${m.error}`));
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(
          new Error(
            `the stack process exited (${code}) before it was ready: ${stderr.join('').trim().slice(-800)}`,
          ),
        );
      });
    }).catch(async (error: unknown) => {
      await killAndWait(child);
      releaseGroup(child.pid as number);
      releasePidFile(pidFile);
      throw error;
    });
    for (const url of [ready.url, ready.dynamoDbEndpoint, ready.sfnEndpoint]) assertLoopback(url);
    return new BenchStack(child, ready, options.dataDir, pidFile);
  }

  request<C extends StackCommand>(command: C): Promise<StackReplies[C['cmd']]> {
    if (this.exited || !this.child.connected) {
      return Promise.reject(new Error(`the stack process has exited; ${this.lastErrors()}`));
    }
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (d: unknown) => void, reject });
      this.child.send({ ...command, id }, (error) => {
        if (!error) return;
        this.pending.delete(id);
        reject(error);
      });
    });
  }

  /** Stops the stack the way Ctrl-C stops `npm start`, then makes sure nothing of it is left. */
  async stop(): Promise<void> {
    if (this.exited) return this.forget();
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    await this.request({ cmd: 'stop' }).catch(() => {});
    const inTime = await Promise.race([exited.then(() => true), sleep(15_000).then(() => false)]);
    if (!inTime) await killAndWait(this.child);
    this.forget();
  }

  private forget(): void {
    releaseGroup(this.pid);
    releasePidFile(this.pidFile);
    this.untrackInterrupt();
  }

  private onMessage(message: StackMessage): void {
    if (message.type === 'reply') {
      const p = this.pending.get(message.id);
      if (!p) return;
      this.pending.delete(message.id);
      if (message.ok) p.resolve(message.data);
      else p.reject(new Error(message.error));
    } else if (message.type === 'step') {
      this.emit('step', message);
    } else if (message.type === 'mail') {
      this.emit('mail', message);
    }
  }

  private keepTail(d: Buffer): void {
    if (process.env.BENCH_STACK_STDOUT) process.stderr.write(d);
    this.stderrTail.push(d.toString());
    if (this.stderrTail.length > 20) this.stderrTail.shift();
  }

  private lastErrors(): string {
    return `last stack output: ${this.stderrTail.join('').trim().slice(-600) || '(none)'}`;
  }
}

/** For races against an exit: unref'd, so a timer that lost the race never holds the bench open. */
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms).unref());

async function killAndWait(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    process.kill(-(child.pid as number), 'SIGTERM');
  } catch {
    // gone
  }
  if (await Promise.race([exited.then(() => true), sleep(5000).then(() => false)])) return;
  try {
    process.kill(-(child.pid as number), 'SIGKILL');
  } catch {
    // gone
  }
  await exited;
}
