import { type ChildProcess, spawn } from 'node:child_process';

/**
 * A tiny watchdog process for the one exit path the bench cannot handle itself: being killed with
 * SIGKILL (or crashing hard). It mirrors the process groups, pid files and temporary directories the
 * bench tracks, and when its IPC channel to the bench closes it kills and removes whatever is still
 * tracked. Plain JavaScript, so it
 * starts in milliseconds without tsx.
 */
const WATCHDOG = `
const { readFileSync, rmSync } = require('node:fs');
const { execFileSync } = require('node:child_process');
const groups = new Set();
const pidFiles = new Set();
const dirs = new Set();
process.on('message', (m) => {
  if (m.track) groups.add(m.track);
  if (m.release) groups.delete(m.release);
  if (m.pidFile) pidFiles.add(m.pidFile);
  if (m.releasePidFile) pidFiles.delete(m.releasePidFile);
  if (m.tempDir) dirs.add(m.tempDir);
  if (m.releaseTempDir) dirs.delete(m.releaseTempDir);
});
process.on('disconnect', () => {
  for (const g of groups) { try { process.kill(-g, 'SIGKILL'); } catch {} }
  for (const f of pidFiles) {
    try {
      const pid = Number.parseInt(readFileSync(f, 'utf8').trim(), 10);
      const cmd = execFileSync('ps', ['-p', String(pid), '-o', 'command='], { encoding: 'utf8' });
      if (cmd.includes('DynamoDBLocal')) process.kill(pid, 'SIGKILL');
    } catch {}
  }
  for (const d of dirs) { try { rmSync(d, { recursive: true, force: true }); } catch {} }
  process.exit(0);
});
`;

export type SentinelMessage =
  | { track: number }
  | { release: number }
  | { pidFile: string }
  | { releasePidFile: string }
  | { tempDir: string }
  | { releaseTempDir: string };

let sentinel: ChildProcess | undefined;

export function tellSentinel(message: SentinelMessage): void {
  if (!sentinel) {
    sentinel = spawn(process.execPath, ['-e', WATCHDOG], {
      detached: true,
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
    });
    // Neither the process nor its channel may keep the bench alive.
    sentinel.unref();
    sentinel.channel?.unref();
  }
  if (sentinel.connected) sentinel.send(message);
}
