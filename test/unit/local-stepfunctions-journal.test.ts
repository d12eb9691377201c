import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  JOURNAL_FILE,
  Journal,
  replayJournal,
  type StartRecord,
} from '../../infra/local/stepfunctions/journal.js';

const start = (arn: string, startDate = 1_000): StartRecord => ({
  t: 'start',
  arn,
  name: arn,
  machine: 'm',
  input: '{"id":1}',
  startDate,
});
const lines = async (dir: string) =>
  (await readFile(join(dir, JOURNAL_FILE), 'utf8'))
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { t: string; arn: string; state?: string });

describe('execution journal', () => {
  let dir: string;
  const log: string[] = [];

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sfn-journal-'));
    log.length = 0;
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('Given several states entered within one batch, When committed, Then only the last one is written', async () => {
    const { journal } = await Journal.open(dir, (m) => log.push(m));
    journal.started(start('a'));
    for (const [n, state] of ['First', 'Second', 'Third'].entries()) {
      journal.stateEntered({ t: 'state', arn: 'a', state, input: { n }, n: n + 1, at: 2_000 + n });
    }
    await journal.commit();

    expect((await lines(dir)).map((r) => [r.t, r.state])).toEqual([
      ['start', undefined],
      ['state', 'Third'],
    ]);
    await journal.close();
  });

  it('Given an execution that ends within the batch, When committed, Then its start and end are written without states', async () => {
    const { journal } = await Journal.open(dir, (m) => log.push(m));
    journal.started(start('a'));
    journal.stateEntered({ t: 'state', arn: 'a', state: 'First', input: {}, n: 1, at: 2_000 });
    journal.ended({ t: 'end', arn: 'a', status: 'SUCCEEDED', output: '{}', stopDate: 3_000, n: 1 });
    journal.stateEntered({ t: 'state', arn: 'a', state: 'Late', input: {}, n: 2, at: 3_001 });
    await journal.close();

    expect((await lines(dir)).map((r) => r.t)).toEqual(['start', 'end']);
  });

  it('Given a commit, When a record is added by the same chain of microtasks, Then the commit covers it', async () => {
    const { journal } = await Journal.open(dir, (m) => log.push(m));
    journal.started(start('a'));
    const committed = journal.commit();
    await Promise.resolve();
    journal.stateEntered({ t: 'state', arn: 'a', state: 'AfterCallback', input: {}, n: 1, at: 2_000 });
    await committed;

    expect((await lines(dir)).map((r) => r.state ?? r.t)).toEqual(['start', 'AfterCallback']);
    await journal.close();
  });

  it('Given a journal whose last line was torn by a crash, When replayed, Then that line is skipped and the rest kept', () => {
    const text = [
      JSON.stringify(start('a')),
      JSON.stringify({ t: 'state', arn: 'a', state: 'Wait', input: { x: 1 }, n: 2, at: 5 }),
      JSON.stringify({ t: 'state', arn: 'unknown', state: 'Wait', input: {}, n: 1, at: 5 }),
      '{"t":"state","arn":"a","sta',
    ].join('\n');

    const { executions, skipped } = replayJournal(text);

    expect(skipped).toBe(2);
    expect(executions).toEqual([
      { start: start('a'), state: expect.objectContaining({ state: 'Wait', n: 2 }) },
    ]);
  });

  it('Given a long journal, When opened, Then it is compacted and executions closed over 90 days ago are dropped', async () => {
    const now = Date.UTC(2026, 0, 1);
    const old = now - 91 * 24 * 3600 * 1000;
    const records = [
      start('old', old - 10),
      { t: 'end', arn: 'old', status: 'SUCCEEDED', stopDate: old, output: '{}', n: 3 },
      start('done', now - 100),
      { t: 'state', arn: 'done', state: 'A', input: {}, n: 1, at: now - 90 },
      { t: 'end', arn: 'done', status: 'FAILED', stopDate: now - 50, error: 'E', n: 1 },
      start('waiting', now - 40),
      { t: 'state', arn: 'waiting', state: 'A', input: {}, n: 1, at: now - 30 },
      { t: 'state', arn: 'waiting', state: 'Approve', input: { id: 7 }, n: 2, at: now - 20 },
    ];
    await writeFile(join(dir, JOURNAL_FILE), `${records.map((r) => JSON.stringify(r)).join('\n')}\n`);

    const { journal, executions } = await Journal.open(dir, (m) => log.push(m), now);
    await journal.close();

    expect(executions.map((e) => [e.start.arn, e.state?.state, e.end?.status])).toEqual([
      ['done', undefined, 'FAILED'],
      ['waiting', 'Approve', undefined],
    ]);
    expect((await lines(dir)).map((r) => `${r.t}:${r.arn}`)).toEqual([
      'start:done',
      'end:done',
      'start:waiting',
      'state:waiting',
    ]);
  });
});
