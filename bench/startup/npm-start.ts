import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import {
  onInterrupt,
  releaseGroup,
  releasePidFile,
  trackGroup,
  trackPidFile,
} from '../stack/child-processes.js';
import { waitForHealth } from '../stack/health.js';
import { type StackPorts, stackEnv } from '../stack/ports.js';

export interface StartedStack {
  url: string;
  /** From the spawn of `npm start` to the first 200 from /health. */
  healthMs: number;
  /** What the stack itself reports in its ready line ("local stack ready in 2.1 s"). */
  reportedSeconds: number | null;
  stop(): Promise<void>;
}

const READY_LINE = /local stack ready in ([\d.]+) s/;

/** `npm start` as a person runs it, on the bench's ports and data dir. */
export async function startNpmStart(
  projectRoot: string,
  dataDir: string,
  ports: StackPorts,
  timeoutMs = 120_000,
): Promise<StartedStack> {
  const pidFile = join(dataDir, 'dynamodb-local.pid');
  const started = performance.now();
  const child = spawn('npm', ['start', '--silent'], {
    cwd: projectRoot,
    env: { ...process.env, ...stackEnv(ports, dataDir), POWERTOOLS_LOG_LEVEL: 'WARN' },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  trackGroup(child);
  trackPidFile(pidFile);
  let output = '';
  const keep = (d: Buffer) => {
    output = (output + d.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const alive = () => child.exitCode === null && child.signalCode === null;
  const url = `http://127.0.0.1:${ports.port}`;
  const stop = async () => {
    await interrupt(child);
    releaseGroup(child.pid as number);
    releasePidFile(pidFile);
    untrack();
  };
  const untrack = onInterrupt(stop);
  try {
    await waitForHealth(url, timeoutMs, alive);
  } catch (error) {
    await stop();
    throw new Error(
      `${error instanceof Error ? error.message : String(error)}; output: ${output.trim().slice(-600)}`,
    );
  }
  const healthMs = performance.now() - started;
  // The ready line is printed right after the stack is up; give stdout a moment to arrive.
  for (let i = 0; i < 50 && !READY_LINE.test(output); i++) await new Promise((r) => setTimeout(r, 20));
  const reported = READY_LINE.exec(output)?.[1];
  return { url, healthMs, reportedSeconds: reported ? Number(reported) : null, stop };
}

/** Ctrl-C, as a person stops `npm start`; SIGKILL for the whole group if it hangs. */
async function interrupt(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    process.kill(-(child.pid as number), 'SIGINT');
  } catch {
    return;
  }
  const inTime = await Promise.race([
    exited.then(() => true),
    new Promise<boolean>((r) => setTimeout(() => r(false), 20_000).unref()),
  ]);
  if (!inTime) {
    try {
      process.kill(-(child.pid as number), 'SIGKILL');
    } catch {
      // gone
    }
    await exited;
  }
}
