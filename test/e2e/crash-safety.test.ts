import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { benchProposal, SMALL_FUNDING, type Submitter, submitters } from '../../bench/load/proposals.js';
import { issueToken } from '../../infra/local/jwt-issuer.js';
import { PROJECT_ROOT } from '../../infra/local/local-stack.js';
import { StackProcess } from '../support/stack-process.js';

/**
 * kill -9 of the whole local stack while it takes submissions, and again while approvers decide.
 * What a person was told is recorded must be there after the restart, and the sweep must finish
 * every run and every decision the crash interrupted.
 */
const N = 40;
/** The crash comes after this many answers: some requests answered, some in flight, some not yet sent. */
const KILL_AFTER = 12;

let stack: StackProcess;
let dataDir: string;
let people: Submitter[];
let auditor: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'ikm-crash-'));
  // The sweep runs every 2 s and finishes anything older than 2 s.
  stack = await StackProcess.start(dataDir, { LOCAL_SCHEDULE_SECONDS: '2', SWEEP_GRACE_SECONDS: '2' });
  people = await submitters(PROJECT_ROOT, dataDir);
  auditor = await issueToken({ role: 'auditor', dataDir });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

async function api(method: string, path: string, token: string, body?: unknown) {
  for (;;) {
    const res = await fetch(stack.url + path, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    // The local stack refuses new workflows while it is behind (503 + Retry-After): a client sends them again.
    if (res.status === 503 && res.headers.has('retry-after')) {
      await res.arrayBuffer();
      await new Promise((r) => setTimeout(r, Number(res.headers.get('retry-after')) * 1000));
      continue;
    }
    return { status: res.status, body: (await res.json().catch(() => null)) as any };
  }
}

/** Fires every request at once and kills the stack after `killAfter` answers; returns the answered ones. */
async function crashDuring<T>(requests: Array<() => Promise<T>>, killAfter: number): Promise<T[]> {
  const answered: T[] = [];
  let killed: Promise<void> | undefined;
  await Promise.allSettled(
    requests.map(async (request, i) => {
      await new Promise((r) => setTimeout(r, i * 5));
      if (killed) return;
      const result = await request();
      if (killed) return; // answered after the crash began: the client could not have seen it
      answered.push(result);
      if (answered.length >= killAfter) killed ??= stack.kill9();
    }),
  );
  await killed;
  return answered;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const statusOf = async (id: string) => (await api('GET', `/proposals/${id}`, auditor)).body?.status as string;

describe('Given the stack is killed with SIGKILL during 40 submissions', () => {
  const acknowledged: string[] = [];

  it('when it restarts, then every acknowledged proposal exists and none is left unstarted after the sweep', async () => {
    const bodies = Array.from({ length: N }, (_, n) => benchProposal(people, n, 'crash', SMALL_FUNDING));
    const answers = await crashDuring(
      bodies.map((p) => () => api('POST', '/proposals', p.submitter.token, p.body)),
      KILL_AFTER,
    );
    for (const a of answers) if (a.status === 201) acknowledged.push(a.body.id);
    expect(acknowledged.length).toBeGreaterThanOrEqual(KILL_AFTER - 2);
    expect(answers.length, 'the crash cut the submissions short').toBeLessThan(N);

    await stack.launch();
    // Nothing acknowledged is lost; every run that should exist runs (the sweep starts the missing ones).
    for (const id of acknowledged) {
      const status = await until(`proposal ${id} past SUBMITTED`, async () => {
        const s = await statusOf(id);
        return s && s !== 'SUBMITTED' && s !== 'POLICY_CHECK' ? s : undefined;
      });
      expect(status, id).toBe('AWAITING_APPROVAL');
    }
    // Nor anything stored but not acknowledged: no proposal of the year stays unstarted or half-checked.
    for (const status of ['SUBMITTED', 'POLICY_CHECK']) {
      const stuck = await until(`no proposal left ${status}`, async () => {
        const left = (await api('GET', `/proposals?fiscalYear=2016&status=${status}&limit=100`, auditor)).body
          .items;
        return left.length === 0 ? left : undefined;
      });
      expect(stuck).toEqual([]);
    }
  }, 180_000);

  it('when approvers decide and the stack is killed again, then every decision they were told about reaches its proposal', async () => {
    const waiting = (
      await api('GET', '/proposals?fiscalYear=2016&status=AWAITING_APPROVAL&limit=100', auditor)
    ).body.items as Array<{ id: string }>;
    // A request mail the crash left pending goes out with the sweep: wait for each one.
    const links: Array<{ id: string; link: string }> = [];
    for (const p of waiting) {
      const link = await until(`the approval mail of ${p.id}`, async () => {
        const inbox = (await (await fetch(`${stack.url}/_local/inbox.json`)).json()) as Array<{
          subject: string;
          links: string[];
        }>;
        const mail = inbox.find((m) => m.subject.startsWith('Mohon persetujuan') && m.subject.includes(p.id));
        return mail?.links.find((l) => l.includes('/actions/'));
      });
      links.push({ id: p.id, link });
    }
    expect(links.length).toBeGreaterThanOrEqual(acknowledged.length);
    // How many proposals wait depends on how many submissions the first crash let through
    // (backpressure may have asked some to come back later): crash a third of the way in.
    const killDecisionsAfter = Math.max(3, Math.floor(links.length / 3));

    const answers = await crashDuring(
      links.map(({ id, link }) => async () => {
        const res = await fetch(link, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: 'decision=approve&note=Sesuai',
        });
        return { id, link, status: res.status, text: await res.text() };
      }),
      killDecisionsAfter,
    );
    const told = answers.filter((a) => a.status === 200 && a.text.includes('Keputusan Anda tercatat'));
    expect(told.length).toBeGreaterThanOrEqual(killDecisionsAfter - 2);
    expect(answers.length, 'the crash cut the decisions short').toBeLessThan(links.length);

    await stack.launch();
    // 0 decisions lost: each approver told "recorded" sees the proposal approved and funded.
    for (const { id } of told) {
      const status = await until(`decision on ${id}`, async () => {
        const s = await statusOf(id);
        return s === 'BUDGET_ASSIGNED' || s === 'WAITLISTED' || s === 'FAILED' ? s : undefined;
      });
      expect(status, id).toBe('BUDGET_ASSIGNED');
    }
    // The others decide now: each link either decides or says it was already used (recorded before the crash).
    for (const { id, link } of links.filter((l) => !told.some((t) => t.id === l.id))) {
      const res = await fetch(link, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'decision=approve',
      });
      expect([200, 409], id).toContain(res.status);
      const status = await until(`decision on ${id}`, async () => {
        const s = await statusOf(id);
        return s === 'BUDGET_ASSIGNED' || s === 'WAITLISTED' || s === 'FAILED' ? s : undefined;
      });
      expect(status, id).toBe('BUDGET_ASSIGNED');
    }
    // Nothing stuck: no proposal of the year waits any more.
    const waitingAfter = (
      await api('GET', '/proposals?fiscalYear=2016&status=AWAITING_APPROVAL&limit=100', auditor)
    ).body.items;
    expect(waitingAfter).toEqual([]);
  }, 240_000);
});
