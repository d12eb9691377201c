import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken } from '../../infra/local/jwt-issuer.js';

const ROOT = resolve(import.meta.dirname, '../..');
const TSX = ['--import', 'tsx'];

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npm start` as a person runs it (infra/local/main.ts), on free ports and the given data directory. */
function startStack(dataDir: string, args: string[] = []): ChildProcess & { output: () => string } {
  const child = spawn(process.execPath, [...TSX, 'infra/local/main.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, PORT: '0', DYNAMODB_PORT: '0', SFN_PORT: '0', SMTP_PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => {
    output += c.toString();
  });
  child.stderr?.on('data', (c: Buffer) => {
    output += c.toString();
  });
  return Object.assign(child, { output: () => output });
}

function finished(child: ChildProcess & { output: () => string }): Promise<Run> {
  return new Promise((resolveRun) =>
    child.once('exit', (code) => resolveRun({ code, stdout: child.output(), stderr: child.output() })),
  );
}

async function readyUrl(child: ChildProcess & { output: () => string }, timeoutMs = 60_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const url = /API and pages\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(child.output())?.[1];
    if (url) return url;
    if (child.exitCode !== null) throw new Error(`stack exited early:\n${child.output()}`);
    await sleep(100);
  }
  throw new Error(`stack not ready in time:\n${child.output()}`);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function processExists(pid: number): boolean {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return !/^State:\s+Z/m.test(status);
  } catch {
    return false;
  }
}

describe('Data directory lock (race-free pid file)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ikm-lock-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** Eight processes that each try to take `lockName` in `dir`; each answers WON, REFUSED <pid> or ERROR. */
  async function race(lockName: string, check: (answers: { pid: number; line: string }[]) => Promise<void>) {
    const script = `
      import { DataDirLock } from './infra/local/data-dir-lock.ts';
      try {
        await DataDirLock.acquire(process.argv[1], process.argv[2], (d, pid) => 'held by ' + pid);
        console.log('WON');
        // Holds the lock until the test ends it, however slowly the others start.
        setInterval(() => {}, 1000);
      } catch (e) { console.log(e.name === 'DataDirLockedError' ? 'REFUSED ' + e.ownerPid : 'ERROR ' + e.message); }
    `;
    const racers = Array.from({ length: 8 }, () =>
      spawn(process.execPath, [...TSX, '--input-type=module', '-e', script, dir, lockName], {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'inherit'],
      }),
    );
    try {
      const answers = await Promise.all(
        racers.map(
          (child) =>
            new Promise<{ pid: number; line: string }>((resolveLine) => {
              let text = '';
              child.stdout?.on('data', (c: Buffer) => {
                text += c.toString();
                if (text.includes('\n')) resolveLine({ pid: child.pid as number, line: text.trim() });
              });
            }),
        ),
      );
      await check(answers);
    } finally {
      for (const child of racers) child.kill('SIGKILL');
    }
  }

  const exactlyOneWinner = async (lockName: string, answers: { pid: number; line: string }[]) => {
    const winners = answers.filter((a) => a.line === 'WON');
    expect(winners).toHaveLength(1);
    const winner = winners[0]?.pid;
    for (const a of answers.filter((x) => x.line !== 'WON')) expect(a.line).toBe(`REFUSED ${winner}`);
    expect(readFileSync(join(dir, lockName), 'utf8').trim()).toBe(String(winner));
    // No temporary or set-aside files are left behind by the losers.
    expect((await readdir(dir)).filter((f) => f.startsWith(lockName))).toEqual([lockName]);
  };

  it('Given eight processes racing for one directory When each tries to take the lock Then exactly one holds it and every other is told its pid (never an empty lock)', async () => {
    await race('race.lock', (answers) => exactlyOneWinner('race.lock', answers));
  }, 90_000);

  it('Given a stale lock of a dead process When eight processes race to take it over Then exactly one does', async () => {
    const dead = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => dead.once('exit', r));
    await writeFile(join(dir, 'stale-race.lock'), `${dead.pid}\n`);
    await race('stale-race.lock', (answers) => exactlyOneWinner('stale-race.lock', answers));
  }, 90_000);

  it('Given a lock left by a dead process or an empty legacy lock When a stack takes it Then it is taken over', async () => {
    const { DataDirLock } = await import('../../infra/local/data-dir-lock.js');
    const dead = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => dead.once('exit', r));
    await writeFile(join(dir, 'stale.lock'), `${dead.pid}\n`);
    const lock = await DataDirLock.acquire(dir, 'stale.lock', () => 'held');
    expect(readFileSync(join(dir, 'stale.lock'), 'utf8').trim()).toBe(String(process.pid));
    await lock.release();
    expect(existsSync(join(dir, 'stale.lock'))).toBe(false);

    await writeFile(join(dir, 'empty.lock'), '');
    const again = await DataDirLock.acquire(dir, 'empty.lock', () => 'held');
    await again.release();
  });
});

describe('Two local stacks on one data directory', () => {
  let dataDir: string;
  let first: ChildProcess & { output: () => string };
  let url: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'ikm-two-stacks-'));
    first = startStack(dataDir);
    url = await readyUrl(first);
  }, 90_000);

  afterAll(async () => {
    if (first.exitCode === null) first.kill('SIGKILL');
    await sleep(200);
    await rm(dataDir, { recursive: true, force: true });
  });

  it('Given a running stack When a second `npm start` uses its directory Then the second is refused naming the pid and the first keeps answering', async () => {
    const second = await finished(startStack(dataDir));
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`sedang dipakai oleh stack lokal lain (proses ${first.pid})`);

    const reset = await finished(startStack(dataDir, ['--reset']));
    expect(reset.code).toBe(1);
    expect(reset.stderr).toContain(`(proses ${first.pid})`);

    // The first stack is whole: its database answers (the seeded districts) and nothing was reset.
    expect((await fetch(`${url}/health`)).status).toBe(200);
    const token = await issueToken({ role: 'auditor', dataDir });
    const districts = await fetch(`${url}/districts`, { headers: { authorization: `Bearer ${token}` } });
    expect(districts.status).toBe(200);
    expect(((await districts.json()) as { items: unknown[] }).items).toHaveLength(24);
  }, 120_000);

  it('Given a running stack When its Node process is killed with SIGKILL Then no DynamoDB Local JVM is left running', async () => {
    const jvm = Number(readFileSync(join(dataDir, 'dynamodb-local.pid'), 'utf8').trim());
    expect(processExists(jvm)).toBe(true);
    first.kill('SIGKILL');
    const deadline = Date.now() + 10_000;
    while (processExists(jvm) && Date.now() < deadline) await sleep(100);
    expect(processExists(jvm)).toBe(false);

    // And the next start takes the directory over from the dead stack.
    const next = startStack(dataDir);
    try {
      const nextUrl = await readyUrl(next);
      expect((await fetch(`${nextUrl}/health`)).status).toBe(200);
    } finally {
      next.kill('SIGINT');
      await finished(next);
    }
  }, 120_000);
});
