import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitForHealth } from '../../bench/stack/health.js';
import { freeStackPorts, type StackPorts, stackEnv } from '../../bench/stack/ports.js';
import { PROJECT_ROOT } from '../../infra/local/local-stack.js';

/**
 * The local stack as its own process, started as `npm start` starts it, so that a test can kill it
 * with SIGKILL mid-request (a crash, not a shutdown) and start it again on the same data.
 */
export class StackProcess {
  private child: ChildProcess | undefined;
  private output = '';

  private constructor(
    readonly dataDir: string,
    readonly ports: StackPorts,
    private readonly env: Record<string, string>,
  ) {}

  static async start(dataDir: string, env: Record<string, string> = {}): Promise<StackProcess> {
    const stack = new StackProcess(dataDir, await freeStackPorts(), env);
    await stack.launch();
    return stack;
  }

  get url(): string {
    return `http://127.0.0.1:${this.ports.port}`;
  }

  async launch(): Promise<void> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'infra/local/main.ts', '--quiet'], {
      cwd: PROJECT_ROOT,
      env: {
        ...process.env,
        ...stackEnv(this.ports, this.dataDir),
        POWERTOOLS_LOG_LEVEL: 'ERROR',
        ...this.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const keep = (d: Buffer) => {
      this.output = (this.output + d.toString()).slice(-10_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const alive = () => child.exitCode === null && child.signalCode === null;
    try {
      await waitForHealth(this.url, 60_000, alive);
    } catch (error) {
      throw new Error(`${(error as Error).message}\n${this.output}`);
    }
  }

  /** A crash: the Node process dies at once, in the middle of whatever it was doing. */
  async kill9(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  /** A clean stop (Ctrl-C), and whatever JVM a crash may have left is ended too. */
  async stop(): Promise<void> {
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      await exited;
    }
    try {
      const pid = Number(readFileSync(join(this.dataDir, 'dynamodb-local.pid'), 'utf8'));
      // Only our own JVM: the one whose command line names this test's data directory.
      if (pid > 0 && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(this.dataDir))
        process.kill(pid, 'SIGKILL');
    } catch {
      // no JVM left behind
    }
  }
}
