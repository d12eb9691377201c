import { type ChildProcess, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tellSentinel } from './sentinel.js';

/**
 * Every process the bench starts, so that each exit path (normal end, an error, Ctrl-C, SIGTERM, and
 * through the sentinel even SIGKILL) stops them: no orphaned Node stacks, no orphaned DynamoDB Local
 * JVM. Children are started in their own process group, so one signal reaches the stack and whatever
 * it spawned.
 */
const groups = new Set<number>();
const pidFiles = new Set<string>();
const tempDirs = new Set<string>();
const asyncCleanups = new Set<() => Promise<void>>();

/** A fresh directory under the OS temp dir that goes away with the bench, however it ends. */
export function benchTempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `ikm-bench-${prefix}-`));
  tempDirs.add(dir);
  tellSentinel({ tempDir: dir });
  return dir;
}

export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  tempDirs.delete(dir);
  tellSentinel({ releaseTempDir: dir });
}

/**
 * A child started with `detached: true` leads its own process group. The group stays tracked after
 * the leader exits (a grandchild may outlive it) until {@link releaseGroup}.
 */
export function trackGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  groups.add(child.pid);
  tellSentinel({ track: child.pid });
}

/** Kills whatever is left in the group (usually nothing) and stops tracking it. */
export function releaseGroup(pgid: number): void {
  killGroup(pgid);
  groups.delete(pgid);
  tellSentinel({ release: pgid });
}

function killGroup(pgid: number): void {
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** The stack writes DynamoDB Local's pid here; if the JVM outlives its parent, the bench kills it by this. */
export function trackPidFile(path: string): void {
  pidFiles.add(path);
  tellSentinel({ pidFile: path });
}

/** Kills the JVM named by the pid file if it is still running, and stops tracking the file. */
export function releasePidFile(path: string): void {
  killByPidFile(path);
  pidFiles.delete(path);
  tellSentinel({ releasePidFile: path });
}

/** Graceful steps (stopping a stack with SIGINT and waiting) run first on a signal; the hard kill follows. */
export function onInterrupt(cleanup: () => Promise<void>): () => void {
  asyncCleanups.add(cleanup);
  return () => asyncCleanups.delete(cleanup);
}

function isDynamoDbLocal(pid: number): boolean {
  try {
    const command = execFileSync('ps', ['-p', String(pid), '-o', 'command='], { encoding: 'utf8' });
    return command.includes('DynamoDBLocal');
  } catch {
    return false; // no such process
  }
}

function killByPidFile(file: string): void {
  let pid: number;
  try {
    pid = Number.parseInt(readFileSync(file, 'utf8').trim(), 10);
  } catch {
    return;
  }
  // The pid file may be stale and its number reused: only ever kill a DynamoDB Local JVM.
  if (Number.isInteger(pid) && pid > 0 && isDynamoDbLocal(pid)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** Synchronous, so it also works inside process.on('exit'). */
export function killEverythingNow(): void {
  for (const pgid of groups) killGroup(pgid);
  groups.clear();
  for (const file of pidFiles) killByPidFile(file);
  pidFiles.clear();
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
}

let installed = false;

export function installExitHandlers(): void {
  if (installed) return;
  installed = true;
  process.on('exit', killEverythingNow);
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) {
      killEverythingNow();
      process.exit(130);
    }
    interrupted = true;
    console.error(`\n${signal}: stopping the local stacks started by the bench…`);
    const graceful = Promise.allSettled([...asyncCleanups].map((c) => c()));
    const deadline = new Promise((resolve) => setTimeout(resolve, 10_000).unref());
    void Promise.race([graceful, deadline]).finally(() => {
      killEverythingNow();
      process.exit(signal === 'SIGINT' ? 130 : 143);
    });
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);
}
