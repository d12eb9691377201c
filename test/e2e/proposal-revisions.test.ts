import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { dynamoDb, tableName } from '../../functions/adapters/dynamodb/client.js';
import * as keys from '../../functions/adapters/dynamodb/keys.js';
import { fromItem, toItem } from '../../functions/adapters/dynamodb/marshalling.js';
import { proposalRepository } from '../../functions/adapters/dynamodb/proposal-repository.js';
import { executionArnOf } from '../../functions/adapters/execution-name.js';
import { stopExecution } from '../../functions/adapters/stepfunctions.js';
import { type ApiResponse, startTestStack, type TestStack, validProposal } from '../support/local-stack.js';

/**
 * Listing, revising and withdrawing proposals on the real local stack: HTTP gateway and handlers,
 * DynamoDB Local, the local engine running workflows/proposal.asl.json, and SMTP mail.
 */
let t: TestStack;
let makassar: string;
let parepare: string;
let approver: string;
let auditor: string;

beforeAll(async () => {
  t = await startTestStack();
  [makassar, parepare, approver, auditor] = await Promise.all([
    t.token('submitter', { districtCode: '73.71' }),
    t.token('submitter', { districtCode: '73.72' }),
    t.token('approver', { stage: 'KABID_IKM' }),
    t.token('auditor'),
  ]);
}, 60_000);

afterAll(async () => {
  await t?.stop();
});

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const decide = (link: string, body: string) => fetch(link, { method: 'POST', headers: FORM, body });

/** Small enough that a handful stay within a district's pagu; passes the 2016 rules. */
const smallFunding = [
  { source: 'APBN', amount: 100000000 },
  { source: 'APBD_PROVINSI', amount: 50000000 },
  { source: 'APBD_KABUPATEN_KOTA', amount: 20000000 },
];

const describeExecution = (id: string, revision: number) =>
  t.stack.engine.describeExecution({ executionArn: executionArnOf(id, revision) });

/** The run's end: the last step writes the proposal's final status a moment before the run ends. */
async function endedExecution(id: string, revision: number) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const execution = await describeExecution(id, revision);
    if (execution.status !== 'RUNNING' || Date.now() > deadline) return execution;
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function createAndSettle(token: string, body: Record<string, unknown>, statuses: string[]) {
  const created = await t.api('POST', '/proposals', { token, body });
  expect(created.status).toBe(201);
  return t.waitForStatus(created.body.id, token, [...statuses, 'FAILED']);
}

/** Every page of a listing, following nextCursor to the end. */
async function allPages(token: string, query: string) {
  const pages: any[][] = [];
  let cursor: string | null = null;
  do {
    const res: ApiResponse = await t.api('GET', `/proposals?${query}${cursor ? `&cursor=${cursor}` : ''}`, {
      token,
    });
    expect(res.status, res.text).toBe(200);
    pages.push(res.body.items);
    cursor = res.body.nextCursor;
  } while (cursor && pages.length < 100);
  return pages;
}

describe('Given proposals of Kota Parepare in several statuses', () => {
  const ids: { valid: string[]; returned: string[] } = { valid: [], returned: [] };

  beforeAll(async () => {
    const valid = [1, 2, 3].map(() =>
      validProposal({ districtCode: '73.72', commodity: 'kakao', funding: smallFunding }),
    );
    const nikel = [1, 2].map(() =>
      validProposal({ districtCode: '73.72', commodity: 'nikel', funding: smallFunding }),
    );
    const settled = await Promise.all([
      ...valid.map((body) => createAndSettle(parepare, body, ['AWAITING_APPROVAL', 'RETURNED'])),
      ...nikel.map((body) => createAndSettle(parepare, body, ['RETURNED', 'AWAITING_APPROVAL'])),
    ]);
    expect(settled.map((p) => p.status)).toEqual([
      'AWAITING_APPROVAL',
      'AWAITING_APPROVAL',
      'AWAITING_APPROVAL',
      'RETURNED',
      'RETURNED',
    ]);
    ids.valid = settled.slice(0, 3).map((p) => p.id);
    ids.returned = settled.slice(3).map((p) => p.id);
  }, 60_000);

  it('when the district lists its year two at a time, then every proposal comes once and the last page ends the cursor', async () => {
    const pages = await allPages(parepare, 'fiscalYear=2016&districtCode=73.72&limit=2');
    expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
    const listed = pages.flat().map((p) => p.id);
    expect(listed.sort()).toEqual([...ids.valid, ...ids.returned].sort());

    // Each item is the proposal exactly as GET /proposals/{id} shows it.
    const first = pages[0]?.[0];
    expect(first).toEqual((await t.api('GET', `/proposals/${first.id}`, { token: parepare })).body);
  });

  it('when the district lists by status, then only that status comes back', async () => {
    const returned = await t.api('GET', '/proposals?fiscalYear=2016&districtCode=73.72&status=RETURNED', {
      token: parepare,
    });
    expect(returned.status).toBe(200);
    expect(returned.body.nextCursor).toBeNull();
    expect(returned.body.items.map((p: any) => p.id).sort()).toEqual([...ids.returned].sort());
    expect(returned.body.items.every((p: any) => p.policyCheck.outcome === 'FAIL')).toBe(true);

    const waiting = await t.api('GET', '/proposals?fiscalYear=2016&status=AWAITING_APPROVAL', {
      token: parepare,
    });
    expect(waiting.body.items.map((p: any) => p.id).sort()).toEqual([...ids.valid].sort());
  });

  it('when a district submitter leaves districtCode out, then it sees its own district only', async () => {
    const own = await t.api('GET', '/proposals?fiscalYear=2016', { token: parepare });
    expect(own.body.items).toHaveLength(5);
    const other = await t.api('GET', '/proposals?fiscalYear=2016', { token: makassar });
    expect(other.status).toBe(200);
    const parepareIds = new Set([...ids.valid, ...ids.returned]);
    expect(other.body.items.filter((p: any) => parepareIds.has(p.id))).toEqual([]);
    expect(other.body.items.every((p: any) => p.districtCode === '73.71')).toBe(true);
  });

  it('when another district asks for Parepare, then 403 in Bahasa Indonesia', async () => {
    const res = await t.api('GET', '/proposals?fiscalYear=2016&districtCode=73.72', { token: makassar });
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('73.71') });
  });

  it("when an approver pages the year's RETURNED queue one by one, then both come, oldest first", async () => {
    const pages = await allPages(approver, 'fiscalYear=2016&status=RETURNED&limit=1');
    const items = pages.flat();
    expect(pages.every((p) => p.length <= 1)).toBe(true);
    expect(items.every((p) => p.status === 'RETURNED')).toBe(true);
    expect(items.map((p) => p.id)).toEqual(expect.arrayContaining(ids.returned));
    const order = items.map((p) => `${p.createdAt}#${p.id}`);
    expect(order).toEqual([...order].sort());
  });

  it('when an auditor pages the whole year without filters, then every status is merged into one order, each proposal once', async () => {
    const pages = await allPages(auditor, 'fiscalYear=2016&limit=2');
    const items = pages.flat();
    expect(pages.every((p) => p.length <= 2)).toBe(true);
    expect(pages.at(-1)?.length).toBeGreaterThan(0);
    const listed = items.map((p) => p.id);
    expect(new Set(listed).size).toBe(listed.length);
    expect(listed).toEqual(expect.arrayContaining([...ids.valid, ...ids.returned]));
    const order = items.map((p) => `${p.createdAt}#${p.id}`);
    expect(order).toEqual([...order].sort());
    expect(new Set(items.map((p) => p.status))).toEqual(new Set(['AWAITING_APPROVAL', 'RETURNED']));

    const other = await t.api('GET', '/proposals?fiscalYear=2017', { token: auditor });
    expect(other.body).toEqual({ items: [], nextCursor: null });
  });

  it('when the query is wrong or the cursor tampered with, then 400 names the parameter', async () => {
    const noYear = await t.api('GET', '/proposals?districtCode=73.72', { token: approver });
    expect(noYear.status).toBe(400);
    expect(noYear.body.error.code).toBe('VALIDATION_FAILED');
    expect(noYear.body.error.details.map((d: any) => d.path)).toEqual(['fiscalYear']);

    const tooMany = await t.api('GET', '/proposals?fiscalYear=2016&limit=101', { token: approver });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.details.map((d: any) => d.path)).toEqual(['limit']);

    const first = await t.api('GET', '/proposals?fiscalYear=2016&districtCode=73.72&limit=2', {
      token: approver,
    });
    const cursor: string = first.body.nextCursor;
    const position = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const elsewhere = Buffer.from(
      JSON.stringify({ ...position, GSI1PK: 'DISTRICT#73.71#FY#2016' }),
      'utf8',
    ).toString('base64url');
    const yearCursor = (await t.api('GET', '/proposals?fiscalYear=2016&limit=1', { token: approver })).body
      .nextCursor;
    for (const tampered of [cursor.slice(0, cursor.length / 2), `${cursor}x`, 'bm90LWpzb24', elsewhere]) {
      const res = await t.api('GET', `/proposals?fiscalYear=2016&districtCode=73.72&cursor=${tampered}`, {
        token: approver,
      });
      expect(res.status, tampered).toBe(400);
      expect(res.body.error.details[0].path).toBe('cursor');
    }
    // A cursor of one listing does not continue another.
    const crossed = await t.api('GET', `/proposals?fiscalYear=2016&cursor=${cursor}`, { token: approver });
    expect(crossed.status).toBe(400);
    const crossedBack = await t.api(
      'GET',
      `/proposals?fiscalYear=2016&districtCode=73.72&cursor=${yearCursor}`,
      {
        token: approver,
      },
    );
    expect(crossedBack.status).toBe(400);

    expect((await t.api('GET', '/proposals?fiscalYear=2016')).status).toBe(401);
  });
});

describe('Given a proposal RETURNED by the policy check (commodity nikel)', () => {
  let id: string;
  let revisionBody: Record<string, any>;

  beforeAll(async () => {
    const returned = await createAndSettle(makassar, validProposal({ commodity: 'nikel' }), [
      'RETURNED',
      'AWAITING_APPROVAL',
    ]);
    expect(returned.status).toBe('RETURNED');
    id = returned.id;
    revisionBody = validProposal({ funding: smallFunding });
  }, 30_000);

  it('when someone other than its district revises it, then 403 and nothing changes', async () => {
    for (const token of [parepare, approver]) {
      const res = await t.api('POST', `/proposals/${id}/revisions`, { token, body: revisionBody });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
    }
    const unknown = await t.api('POST', `/proposals/${'0'.repeat(26)}/revisions`, {
      token: makassar,
      body: revisionBody,
    });
    expect(unknown.status).toBe(404);
    expect((await t.api('GET', `/proposals/${id}`, { token: makassar })).body).toMatchObject({
      revision: 1,
      status: 'RETURNED',
    });
  });

  it('when the revision moves it to another district or year, then 400 names the fields', async () => {
    const res = await t.api('POST', `/proposals/${id}/revisions`, {
      token: makassar,
      body: { ...revisionBody, fiscalYear: 2017 },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: any) => d.path)).toEqual(['fiscalYear']);
    const invalid = await t.api('POST', `/proposals/${id}/revisions`, {
      token: makassar,
      body: { ...revisionBody, funding: [] },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('when revised into a valid body, then revision 2 goes through approval to BUDGET_ASSIGNED and the history shows both', async () => {
    const headers = { 'idempotency-key': `revisi-${id}` };
    const res = await t.api('POST', `/proposals/${id}/revisions`, {
      token: makassar,
      body: revisionBody,
      headers,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      id,
      revision: 2,
      status: 'SUBMITTED',
      commodity: 'kerajinan kulit',
      title: revisionBody.title,
      totalAmount: 170000000,
      policyCheck: null,
      approvals: [],
      allocations: [],
    });

    // A repeat with the same key answers the same and makes no revision 3.
    const repeat = await t.api('POST', `/proposals/${id}/revisions`, {
      token: makassar,
      body: revisionBody,
      headers,
    });
    expect(repeat.status).toBe(201);
    expect(repeat.text).toBe(res.text);
    const reused = await t.api('POST', `/proposals/${id}/revisions`, {
      token: makassar,
      body: { ...revisionBody, title: `${revisionBody.title} lain` },
      headers,
    });
    expect(reused.status).toBe(422);
    expect(reused.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');

    const link = await t.approvalLink(revisionBody.title);
    const waiting = await t.waitForStatus(id, makassar, ['AWAITING_APPROVAL', 'RETURNED', 'FAILED']);
    expect(waiting).toMatchObject({ status: 'AWAITING_APPROVAL', revision: 2 });
    expect(waiting.policyCheck.outcome).not.toBe('FAIL');
    expect((await decide(link, 'decision=approve&note=Revisi+sesuai')).status).toBe(200);

    const assigned = await t.waitForStatus(id, makassar, ['BUDGET_ASSIGNED', 'WAITLISTED', 'FAILED']);
    expect(assigned).toMatchObject({ status: 'BUDGET_ASSIGNED', revision: 2, allocations: smallFunding });
    expect(assigned.approvals).toEqual([
      expect.objectContaining({ decision: 'APPROVE', note: 'Revisi sesuai' }),
    ]);

    const history = (await t.api('GET', `/proposals/${id}/history`, { token: auditor })).body as any[];
    const types = history.map((e) => e.type);
    expect(types.filter((type) => type.startsWith('POLICY_CHECK_'))).toHaveLength(2);
    const milestones = [
      'SUBMITTED',
      'POLICY_CHECK_FAILED',
      'REVISED',
      'POLICY_CHECK_PASSED',
      'DECISION_APPROVE',
    ];
    expect(types.filter((type) => milestones.includes(type))).toEqual(milestones);
    expect(history.find((e) => e.type === 'REVISED')).toMatchObject({
      from: 'RETURNED',
      to: 'SUBMITTED',
      actor: expect.stringContaining('@'),
      note: 'Revisi ke-2 diajukan',
    });
    expect(history.filter((e) => e.to).at(-1)?.to).toBe('BUDGET_ASSIGNED');

    // One execution per revision, each ended on its own.
    expect((await endedExecution(id, 1)).status).toBe('SUCCEEDED');
    expect((await endedExecution(id, 2)).status).toBe('SUCCEEDED');

    // Revision 1 keeps its body and what happened to it; revision 2 has the new body.
    const revisionItem = async (revision: number) =>
      fromItem<any>(
        (
          await dynamoDb().send(
            new GetItemCommand({ TableName: tableName(), Key: toItem(keys.revision(id, revision)) }),
          )
        ).Item ?? {},
      );
    const [first, second] = await Promise.all([revisionItem(1), revisionItem(2)]);
    expect(first).toMatchObject({ revision: 1, commodity: 'nikel', outcome: { status: 'RETURNED' } });
    expect(first.outcome.policyCheck.outcome).toBe('FAIL');
    expect(second).toMatchObject({ revision: 2, commodity: 'kerajinan kulit', title: revisionBody.title });
    expect(second.outcome).toBeUndefined();
  });

  it('when a proposal that is not RETURNED is revised, then 409 INVALID_TRANSITION and nothing changes', async () => {
    const before = (await t.api('GET', `/proposals/${id}`, { token: makassar })).body;
    expect(before.status).toBe('BUDGET_ASSIGNED');
    const res = await t.api('POST', `/proposals/${id}/revisions`, {
      token: makassar,
      body: validProposal({ funding: smallFunding }),
    });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({
      code: 'INVALID_TRANSITION',
      message: expect.stringContaining('Dikembalikan untuk Perbaikan'),
    });
    expect((await t.api('GET', `/proposals/${id}`, { token: makassar })).body).toEqual(before);
  });
});

describe('Given a proposal the approver RETURNED with a note', () => {
  it('when revised, then the new revision has no decisions yet, a new link is mailed and the old one decides nothing', async () => {
    const body = validProposal({ funding: smallFunding });
    const { body: created } = await t.api('POST', '/proposals', { token: makassar, body });
    const oldLink = await t.approvalLink(body.title);
    expect((await decide(oldLink, 'decision=return&note=Lengkapi+target')).status).toBe(200);
    const returned = await t.waitForStatus(created.id, makassar, ['RETURNED', 'FAILED']);
    expect(returned.approvals).toEqual([expect.objectContaining({ decision: 'RETURN' })]);

    const revised = validProposal({
      funding: smallFunding,
      targets: { newEntrepreneurs: 50, jobsCreated: 150, ikmUnits: 25 },
    });
    const res = await t.api('POST', `/proposals/${created.id}/revisions`, { token: makassar, body: revised });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ revision: 2, approvals: [], policyCheck: null });

    const newLink = await t.approvalLink(revised.title);
    expect(newLink).not.toBe(oldLink);
    const waiting = await t.waitForStatus(created.id, makassar, ['AWAITING_APPROVAL']);
    expect(waiting).toMatchObject({ revision: 2, approvals: [] });
    // The first link made its decision on revision 1; it cannot decide revision 2.
    const reused = await decide(oldLink, 'decision=approve&note=');
    expect(reused.status).toBe(409);
    expect(await reused.text()).toContain('sudah diambil');
    expect((await t.api('GET', `/proposals/${created.id}`, { token: makassar })).body).toEqual(waiting);
  });
});

describe('Given a proposal AWAITING_APPROVAL', () => {
  it('when its district withdraws it, then it is WITHDRAWN, its execution is stopped and the link decides nothing', async () => {
    const body = validProposal({ funding: smallFunding });
    const { body: created } = await t.api('POST', '/proposals', { token: makassar, body });
    const link = await t.approvalLink(body.title);
    await t.waitForStatus(created.id, makassar, ['AWAITING_APPROVAL']);
    expect((await describeExecution(created.id, 1)).status).toBe('RUNNING');

    for (const token of [parepare, approver]) {
      const refused = await t.api('POST', `/proposals/${created.id}/withdraw`, { token });
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('FORBIDDEN');
    }
    const badNote = await t.api('POST', `/proposals/${created.id}/withdraw`, {
      token: makassar,
      body: { note: 42 },
    });
    expect(badNote.status).toBe(400);

    const res = await t.api('POST', `/proposals/${created.id}/withdraw`, {
      token: makassar,
      body: { note: 'Anggaran dialihkan ke program lain' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: created.id, status: 'WITHDRAWN', statusLabel: 'Ditarik' });
    // run-control stops it, handed the WITHDRAWN write by the table's stream.
    const execution = await endedExecution(created.id, 1);
    expect(execution.status).toBe('ABORTED');
    expect(execution.error).toBe('ProposalWithdrawn');
    // Stopping again, or stopping a run that never started, is not an error.
    expect(await stopExecution(executionArnOf(created.id, 1), 'lagi')).toBe('STOPPED');
    expect((await describeExecution(created.id, 1)).status).toBe('ABORTED');
    expect(await stopExecution(executionArnOf(created.id, 9), 'tidak ada')).toBe('NOT_FOUND');

    const history = (await t.api('GET', `/proposals/${created.id}/history`, { token: makassar }))
      .body as any[];
    expect(history.at(-1)).toMatchObject({
      type: 'WITHDRAWN',
      from: 'AWAITING_APPROVAL',
      to: 'WITHDRAWN',
      note: 'Anggaran dialihkan ke program lain',
    });

    const page = await fetch(link);
    expect(page.status).toBe(409);
    const html = await page.text();
    expect(html).toContain('tidak lagi menunggu keputusan');
    expect(html).toContain('Ditarik');
    expect(html).not.toContain('<form');
    const posted = await decide(link, 'decision=approve&note=');
    expect(posted.status).toBe(409);
    expect(await posted.text()).toContain('tidak lagi menunggu keputusan');
    const after = await t.api('GET', `/proposals/${created.id}`, { token: makassar });
    expect(after.body).toEqual(res.body);
    expect((await t.api('GET', `/proposals/${created.id}/history`, { token: makassar })).body).toEqual(
      history,
    );

    const again = await t.api('POST', `/proposals/${created.id}/withdraw`, { token: makassar });
    expect(again.status).toBe(409);
    expect(again.body.error).toEqual({
      code: 'INVALID_TRANSITION',
      message: 'Usulan ini sudah ditarik',
      details: [],
    });
  });

  it('when two withdrawals race, then one wins, the other gets 409 and the trail has one withdrawal', async () => {
    const body = validProposal({ funding: smallFunding });
    const { body: created } = await t.api('POST', '/proposals', { token: makassar, body });
    await t.waitForStatus(created.id, makassar, ['AWAITING_APPROVAL']);
    const results = await Promise.all(
      [1, 2].map(() => t.api('POST', `/proposals/${created.id}/withdraw`, { token: makassar })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const loser = results.find((r) => r.status === 409);
    expect(['CONFLICT', 'INVALID_TRANSITION']).toContain(loser?.body.error.code);
    const history = (await t.api('GET', `/proposals/${created.id}/history`, { token: makassar }))
      .body as any[];
    expect(history.filter((e) => e.type === 'WITHDRAWN')).toHaveLength(1);
  });

  it('when the workflow writes between the read and the withdrawal, then 409 CONFLICT and the workflow result stands', async () => {
    const body = validProposal({ funding: smallFunding });
    const { body: created } = await t.api('POST', '/proposals', { token: makassar, body });
    await t.waitForStatus(created.id, makassar, ['AWAITING_APPROVAL']);
    const current = await proposalRepository.get(created.id);
    if (!current) throw new Error('proposal not stored');
    // What the handler would have read just before the workflow's own step moved the proposal on.
    const stale = { ...current, status: 'POLICY_CHECK' as const, version: current.version - 1 };
    const get = proposalRepository.get.bind(proposalRepository);
    const spy = vi
      .spyOn(proposalRepository, 'get')
      .mockImplementation(async (id) => (id === created.id ? structuredClone(stale) : get(id)));
    try {
      const res = await t.api('POST', `/proposals/${created.id}/withdraw`, { token: makassar });
      expect(spy).toHaveBeenCalledWith(created.id);
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('CONFLICT');
      expect(res.body.error.message).toContain('muat ulang');
    } finally {
      spy.mockRestore();
    }
    expect((await t.api('GET', `/proposals/${created.id}`, { token: makassar })).body.status).toBe(
      'AWAITING_APPROVAL',
    );
    expect((await describeExecution(created.id, 1)).status).toBe('RUNNING');
  });
});

describe('Given proposals past or before the approval', () => {
  it('when a RETURNED proposal is withdrawn without a body, then it is WITHDRAWN with an empty note', async () => {
    const returned = await createAndSettle(makassar, validProposal({ commodity: 'nikel' }), [
      'RETURNED',
      'AWAITING_APPROVAL',
    ]);
    const res = await t.api('POST', `/proposals/${returned.id}/withdraw`, { token: makassar });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('WITHDRAWN');
    const history = (await t.api('GET', `/proposals/${returned.id}/history`, { token: makassar }))
      .body as any[];
    expect(history.at(-1)).toMatchObject({ type: 'WITHDRAWN', from: 'RETURNED', note: '' });
    // Its execution had already ended when the policy check returned it.
    expect((await endedExecution(returned.id, 1)).status).toBe('SUCCEEDED');
  });

  it('when a decided proposal is withdrawn, then 409 INVALID_TRANSITION', async () => {
    const body = validProposal({ funding: smallFunding });
    const { body: created } = await t.api('POST', '/proposals', { token: makassar, body });
    const link = await t.approvalLink(body.title);
    await decide(link, 'decision=reject&note=Tidak+prioritas');
    await t.waitForStatus(created.id, makassar, ['REJECTED']);
    const res = await t.api('POST', `/proposals/${created.id}/withdraw`, { token: makassar });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('INVALID_TRANSITION');
    expect(res.body.error.message).toContain('Ditolak');
  });
});
