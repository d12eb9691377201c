import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileShare {
  what: string;
  ms: number;
  percent: number;
}

export interface ProfileSummary {
  file: string;
  sampledMs: number;
  /** Self time grouped by where the code lives: a package, a project folder, Node internals, GC, idle. */
  byArea: ProfileShare[];
  /** The functions with the most self time. */
  topFunctions: ProfileShare[];
}

function areaOf(url: string, functionName: string, projectRoot: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node internals';
  const path = url.replace(/^file:\/\//, '');
  const at = path.lastIndexOf('node_modules/');
  if (at !== -1) {
    const parts = path.slice(at + 'node_modules/'.length).split('/');
    return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? path);
  }
  if (path.startsWith(projectRoot))
    return (
      path
        .slice(projectRoot.length + 1)
        .split('/')
        .slice(0, -1)
        .join('/') || '.'
    );
  return path;
}

export async function summarizeCpuProfile(
  file: string,
  projectRoot: string,
  top = 12,
): Promise<ProfileSummary> {
  const profile = JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const byArea = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let total = 0;
  for (const [id, us] of selfUs) {
    const frame = nodes.get(id)?.callFrame;
    if (!frame) continue;
    total += us;
    const area = areaOf(frame.url, frame.functionName, projectRoot);
    byArea.set(area, (byArea.get(area) ?? 0) + us);
    const where = frame.url ? `${frame.url.split('/').slice(-2).join('/')}:${frame.lineNumber + 1}` : '';
    const fn = `${frame.functionName || '(anonymous)'} ${where}`.trim();
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
  }
  const shares = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([what, us]) => ({
        what,
        ms: Math.round(us / 1000),
        percent: Math.round((us / total) * 1000) / 10,
      }));
  return {
    file,
    sampledMs: Math.round(total / 1000),
    byArea: shares(byArea),
    topFunctions: shares(byFunction),
  };
}

export async function summarizeProfilesIn(dir: string, projectRoot: string): Promise<ProfileSummary[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.cpuprofile'));
  return Promise.all(files.map((f) => summarizeCpuProfile(join(dir, f), projectRoot)));
}

export function formatProfile(s: ProfileSummary): string[] {
  const active = s.byArea.filter((a) => a.what !== '(idle)');
  return [
    `CPU profile (${s.file}), ${s.sampledMs} ms sampled; self time by area: ` +
      active.map((a) => `${a.what} ${a.percent}%`).join(', '),
    `hottest functions: ${s.topFunctions
      .filter((f) => !f.what.startsWith('(idle)'))
      .slice(0, 6)
      .map((f) => `${f.what} ${f.percent}%`)
      .join('; ')}`,
  ];
}
