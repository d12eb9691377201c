import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface MemoryPeak {
  /** Highest sum over the process tree in one sample, MB. */
  totalMB: number;
  /** At that sample: the Node process and the DynamoDB Local JVM, MB. */
  nodeMB: number;
  javaMB: number;
  otherMB: number;
  samples: number;
  /** CPU used between start() and stop(), in cores (1 = one core busy the whole time). */
  nodeCores: number;
  javaCores: number;
}

interface Row {
  pid: number;
  ppid: number;
  rssKb: number;
  cpuSeconds: number;
  command: string;
}

/** ps prints cumulative CPU time as [[dd-]hh:]mm:ss. */
function seconds(time: string): number {
  const [days, clock] = time.includes('-') ? time.split('-') : ['0', time];
  const parts = (clock ?? '0').split(':').map(Number);
  return Number(days) * 86400 + parts.reduce((acc, p) => acc * 60 + p, 0);
}

async function processTable(): Promise<Row[]> {
  const { stdout } = await run('ps', ['-A', '-o', 'pid=,ppid=,rss=,time=,comm='], {
    maxBuffer: 8 * 1024 * 1024,
  });
  return stdout
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((cols) => cols.length >= 5)
    .map(([pid, ppid, rss, time, ...command]) => ({
      pid: Number(pid),
      ppid: Number(ppid),
      rssKb: Number(rss),
      cpuSeconds: seconds(time ?? '0'),
      command: command.join(' '),
    }));
}

function treeOf(rows: Row[], root: number): Row[] {
  const children = new Map<number, Row[]>();
  for (const r of rows) children.set(r.ppid, [...(children.get(r.ppid) ?? []), r]);
  const out: Row[] = [];
  const queue = rows.filter((r) => r.pid === root);
  while (queue.length) {
    const r = queue.shift() as Row;
    out.push(r);
    queue.push(...(children.get(r.pid) ?? []));
  }
  return out;
}

interface CpuMark {
  at: number;
  node: number;
  java: number;
}

/**
 * Samples the resident memory of a process and everything below it (the stack's Node process and the
 * DynamoDB Local JVM it spawned) with `ps`, which reads the same numbers as /proc on Linux and works on
 * macOS; and the CPU time each used, which tells which of the two a load phase waits on.
 */
export class RssSampler {
  private timer: NodeJS.Timeout | undefined;
  private peak = { totalMB: 0, nodeMB: 0, javaMB: 0, otherMB: 0 };
  private samples = 0;
  private first: CpuMark | undefined;
  private last: CpuMark | undefined;
  private busy: Promise<void> | undefined;

  constructor(
    private readonly rootPid: number,
    private readonly intervalMs = 250,
  ) {}

  start(): void {
    if (this.timer) return;
    this.peak = { totalMB: 0, nodeMB: 0, javaMB: 0, otherMB: 0 };
    this.samples = 0;
    this.first = undefined;
    this.last = undefined;
    this.timer = setInterval(() => void this.sample(), this.intervalMs);
    this.timer.unref();
    void this.sample();
  }

  async stop(): Promise<MemoryPeak> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.busy;
    await this.sample();
    const wall = this.first && this.last ? (this.last.at - this.first.at) / 1000 : 0;
    const cores = (pick: (m: CpuMark) => number) =>
      wall > 0 && this.first && this.last ? (pick(this.last) - pick(this.first)) / wall : 0;
    return {
      ...this.peak,
      samples: this.samples,
      nodeCores: cores((m) => m.node),
      javaCores: cores((m) => m.java),
    };
  }

  private sample(): Promise<void> {
    if (this.busy) return this.busy;
    this.busy = this.read().finally(() => {
      this.busy = undefined;
    });
    return this.busy;
  }

  private async read(): Promise<void> {
    try {
      const tree = treeOf(await processTable(), this.rootPid);
      const mb = (rows: Row[]) => rows.reduce((sum, r) => sum + r.rssKb, 0) / 1024;
      const java = tree.filter((r) => r.command.includes('java'));
      const node = tree.filter((r) => r.pid === this.rootPid);
      const total = mb(tree);
      const mark = {
        at: performance.now(),
        node: node.reduce((s, r) => s + r.cpuSeconds, 0),
        java: java.reduce((s, r) => s + r.cpuSeconds, 0),
      };
      this.first ??= mark;
      this.last = mark;
      this.samples++;
      if (total > this.peak.totalMB) {
        this.peak = {
          totalMB: total,
          nodeMB: mb(node),
          javaMB: mb(java),
          otherMB: total - mb(node) - mb(java),
        };
      }
    } catch {
      // ps can fail transiently; the next sample counts
    }
  }
}
