import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpus, loadavg, totalmem } from 'node:os';

export interface MachineInfo {
  cpuCount: number;
  cpuModel: string;
  totalMemoryMB: number;
  nodeVersion: string;
  platform: string;
  arch: string;
  commit: string;
  /** Uncommitted changes in the tree when the bench ran: the figures belong to commit + those changes. */
  dirty: boolean;
  /** 1-minute load average when the bench started: anything else running skews every figure. */
  loadAverageAtStart: number;
  /**
   * Milliseconds for a fixed single-thread task (JSON and SHA-256 over fixed data), median of 5, when
   * the bench started. The machine is a VM on shared hosts: on some days the same unchanged bundle
   * imports twice as slowly. This lets two runs' figures be compared (a lower probe, a faster machine).
   */
  cpuProbeMs: number;
}

/** The fixed task of `cpuProbeMs`: no I/O, no allocation that depends on anything outside. */
function cpuProbe(): number {
  const doc = Array.from({ length: 2_000 }, (_, i) => ({
    id: i,
    name: `usulan ${i}`,
    amounts: [i, i * 2, i * 3],
  }));
  const data = Buffer.alloc(4 * 1024 * 1024, 7);
  const times: number[] = [];
  for (let run = 0; run < 5; run++) {
    const started = performance.now();
    for (let i = 0; i < 20; i++) JSON.parse(JSON.stringify(doc));
    createHash('sha256').update(data).digest();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return Math.round((times[2] ?? 0) * 10) / 10;
}

function git(args: string[], cwd: string): string | null {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

export function describeMachine(projectRoot: string): MachineInfo {
  const cores = cpus();
  const status = git(['status', '--porcelain', '--untracked-files=no'], projectRoot);
  return {
    cpuCount: cores.length,
    cpuModel: cores[0]?.model.trim() ?? 'unknown',
    totalMemoryMB: Math.round(totalmem() / 1024 / 1024),
    nodeVersion: process.version,
    platform: process.platform,
    arch: process.arch,
    commit: git(['rev-parse', 'HEAD'], projectRoot) ?? 'unknown',
    dirty: status === null ? false : status.length > 0,
    loadAverageAtStart: Math.round((loadavg()[0] ?? 0) * 100) / 100,
    cpuProbeMs: cpuProbe(),
  };
}
