import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExecutionStatus } from './execution.js';
import type { JsonValue } from './json.js';

export interface StartRecord {
  t: 'start';
  arn: string;
  name: string;
  machine: string;
  /** The input as given to StartExecution (JSON text). */
  input: string;
  startDate: number;
}

export interface StateRecord {
  t: 'state';
  arn: string;
  /** A top-level state entered: where a restart resumes the execution. */
  state: string;
  input: JsonValue;
  /** Transitions so far, so that counts continue across restarts. */
  n: number;
  at: number;
}

export interface EndRecord {
  t: 'end';
  arn: string;
  status: Exclude<ExecutionStatus, 'RUNNING'>;
  stopDate: number;
  output?: string;
  error?: string;
  cause?: string;
  n: number;
}

export type JournalRecord = StartRecord | StateRecord | EndRecord;

/** What the journal knows of one execution: its start, its last state, and its end if it ended. */
export interface JournaledExecution {
  start: StartRecord;
  state?: StateRecord;
  end?: EndRecord;
}

export const JOURNAL_FILE = 'executions.jsonl';
/** AWS keeps a closed Standard execution for 90 days. */
const RETENTION_MS = 90 * 24 * 3600 * 1000;

interface PendingWrites {
  start?: StartRecord;
  state?: StateRecord;
  end?: EndRecord;
}

/**
 * Append-only JSON-lines journal of executions, written through one stream. Records are batched
 * until the next turn of the event loop and coalesced per execution: of the states an execution
 * entered within a batch only the last is written (the only one a restart needs), and none once
 * it has ended. Records are serialised when the batch is written, not on the hot path.
 */
export class Journal {
  private pending = new Map<string, PendingWrites>();
  private waiters: Array<() => void> = [];
  private lastWrite: Promise<void> = Promise.resolve();
  private flushHandle: NodeJS.Immediate | undefined;
  private waitingForDrain = false;
  private closed = false;

  private constructor(
    private readonly stream: WriteStream,
    private readonly log: (message: string) => void,
  ) {
    stream.on('error', (error) => log(`stepfunctions journal: ${error.message}`));
  }

  /** Reads the journal, rewrites it compacted, and opens it for appending. */
  static async open(
    dir: string,
    log: (message: string) => void,
    now = Date.now(),
  ): Promise<{ journal: Journal; executions: JournaledExecution[] }> {
    await mkdir(dir, { recursive: true });
    const path = join(dir, JOURNAL_FILE);
    let text = '';
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const { executions, skipped } = replayJournal(text);
    if (skipped > 0) log(`stepfunctions journal: skipped ${skipped} unreadable line(s)`);
    const kept = executions.filter((e) => !e.end || e.end.stopDate >= now - RETENTION_MS);
    await writeCompacted(path, kept);
    return { journal: new Journal(createWriteStream(path, { flags: 'a' }), log), executions: kept };
  }

  started(record: StartRecord): void {
    this.entry(record.arn).start = record;
  }

  stateEntered(record: StateRecord): void {
    const entry = this.entry(record.arn);
    if (!entry.end) entry.state = record;
  }

  ended(record: EndRecord): void {
    const entry = this.entry(record.arn);
    entry.end = record;
    entry.state = undefined;
  }

  /**
   * Resolves once everything recorded so far, and whatever the current chain of microtasks
   * records (the states an execution enters right after a callback), has been written.
   */
  commit(): Promise<void> {
    if (this.closed) return this.lastWrite;
    const done = new Promise<void>((resolve) => this.waiters.push(resolve));
    this.schedule();
    return done;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    clearImmediate(this.flushHandle);
    this.flushHandle = undefined;
    this.flush(true);
    this.closed = true;
    await this.lastWrite;
    await new Promise<void>((resolve) => this.stream.end(resolve));
  }

  private entry(arn: string): PendingWrites {
    let entry = this.pending.get(arn);
    if (!entry) {
      entry = {};
      this.pending.set(arn, entry);
      this.schedule();
    }
    return entry;
  }

  private schedule(): void {
    if (this.closed || this.flushHandle || this.waitingForDrain) return;
    this.flushHandle = setImmediate(() => {
      this.flushHandle = undefined;
      this.flush();
    });
  }

  private flush(force = false): void {
    if (this.closed) return;
    if (!force && this.stream.writableNeedDrain && this.pending.size > 0) {
      // Let the batch grow while the disk catches up.
      this.waitingForDrain = true;
      this.stream.once('drain', () => {
        this.waitingForDrain = false;
        this.flush();
      });
      return;
    }
    const waiters = this.waiters;
    this.waiters = [];
    if (this.pending.size > 0) {
      const text = serialize(this.pending.values());
      this.pending = new Map();
      this.lastWrite = new Promise<void>((resolve) => {
        this.stream.write(text, (error) => {
          if (error) this.log(`stepfunctions journal: write failed: ${error.message}`);
          resolve();
        });
      });
    }
    if (waiters.length > 0) {
      void this.lastWrite.then(() => {
        for (const resolve of waiters) resolve();
      });
    }
  }
}

function serialize(entries: Iterable<PendingWrites>): string {
  let text = '';
  for (const entry of entries) {
    if (entry.start) text += `${JSON.stringify(entry.start)}\n`;
    if (entry.end) text += `${JSON.stringify(entry.end)}\n`;
    else if (entry.state) text += `${JSON.stringify(entry.state)}\n`;
  }
  return text;
}

/** The executions a journal describes, in start order. A torn or foreign line is skipped. */
export function replayJournal(text: string): { executions: JournaledExecution[]; skipped: number } {
  const byArn = new Map<string, JournaledExecution>();
  let skipped = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let record: JournalRecord;
    try {
      record = JSON.parse(line) as JournalRecord;
    } catch {
      skipped++;
      continue;
    }
    if (typeof record !== 'object' || record === null || typeof record.arn !== 'string') {
      skipped++;
      continue;
    }
    if (record.t === 'start') {
      byArn.set(record.arn, { start: record });
      continue;
    }
    const execution = byArn.get(record.arn);
    if (!execution || (record.t !== 'state' && record.t !== 'end')) {
      skipped++;
    } else if (record.t === 'state') {
      if (!execution.end) execution.state = record;
    } else {
      execution.end = record;
      execution.state = undefined;
    }
  }
  return { executions: [...byArn.values()], skipped };
}

async function writeCompacted(path: string, executions: JournaledExecution[]): Promise<void> {
  const temporary = `${path}.tmp`;
  const file = await open(temporary, 'w');
  try {
    await file.writeFile(serialize(executions));
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(temporary, path);
}
