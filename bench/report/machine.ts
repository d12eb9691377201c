import { execFileSync } from 'node:child_process';
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
  };
}
