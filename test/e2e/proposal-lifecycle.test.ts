import { UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoDb, tableName } from '../../functions/adapters/dynamodb/client.js';
import * as keys from '../../functions/adapters/dynamodb/keys.js';
import { toItem } from '../../functions/adapters/dynamodb/marshalling.js';
import * as poolRepository from '../../functions/adapters/dynamodb/pool-repository.js';
import { startTestStack, type TestStack, validProposal } from '../support/local-stack.js';

/**
 * The whole path on the real local stack: the HTTP gateway and API handlers, DynamoDB Local, the
 * local engine running workflows/proposal.asl.json with the real step handlers, and SMTP mail.
 */
let t: TestStack;
let makassar: string;
let parepare: string;
let approver: string;

beforeAll(async () => {
  t = await startTestStack();
  makassar = await t.token('submitter', { districtCode: '73.71' });
  parepare = await t.token('submitter', { districtCode: '73.72' });
  approver = await t.token('approver', { stage: 'KABID_IKM' });
}, 60_000);

afterAll(async () => {
  await t?.stop();
});

const remainingOf = async (source: string, districtCode?: string) =>
  (await poolRepository.ofYear(2016)).find(
    (p) => p.source === source && (source !== 'APBD_KABUPATEN_KOTA' || p.districtCode === districtCode),
  )?.remaining;

describe('Given a valid proposal from Kota Makassar', () => {
  it('when approved through its email link, then its budget is assigned and the pools shrink', async () => {
    const apbnBefore = await remainingOf('APBN');
    const districtBefore = await remainingOf('APBD_KABUPATEN_KOTA', '73.71');
    const body = validProposal();

    const created = await t.api('POST', '/proposals', { token: makassar, body });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      status: 'SUBMITTED',
      revision: 1,
      totalAmount: 510000000,
      districtCode: '73.71',
    });
    const id: string = created.body.id;

    const link = await t.approvalLink(body.title);
    expect(link.startsWith(`${t.url}/actions/`)).toBe(true);
    const waiting = await t.waitForStatus(id, makassar, ['AWAITING_APPROVAL']);
    expect(waiting.policyCheck.outcome).not.toBe('FAIL');

    // Opening the link (as a mail scanner would) shows the proposal and changes nothing.
    await t.settledHistory(id, approver);
    const historyBefore = await t.api('GET', `/proposals/${id}/history`, { token: approver });
    const page = await fetch(link);
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain(body.title);
    expect(html).toContain('Rp 510.000.000');
    expect(html).toContain('<form');
    expect(page.headers.get('cache-control')).toBe('no-store');
    const afterGet = await t.api('GET', `/proposals/${id}`, { token: makassar });
    expect(afterGet.body.status).toBe('AWAITING_APPROVAL');
    expect(afterGet.body.updatedAt).toBe(waiting.updatedAt);
    expect(historyBefore.status).toBe(200);
    expect((await t.api('GET', `/proposals/${id}/history`, { token: approver })).body).toEqual(
      historyBefore.body,
    );

    const decided = await fetch(link, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'decision=approve&note=Sesuai+prioritas+KIID',
    });
    expect(decided.status).toBe(200);
    expect(await decided.text()).toContain('Disetujui');

    const assigned = await t.waitForStatus(id, makassar, ['BUDGET_ASSIGNED', 'WAITLISTED', 'FAILED']);
    expect(assigned.status).toBe('BUDGET_ASSIGNED');
    expect(assigned.allocations).toEqual(body.funding);
    expect(assigned.approvals).toEqual([
      expect.objectContaining({
        stage: 'KABID_IKM',
        decision: 'APPROVE',
        by: 'kabid_ikm@disperin.local',
        note: 'Sesuai prioritas KIID',
      }),
    ]);
    expect(await remainingOf('APBN')).toBe((apbnBefore ?? 0) - 300000000);
    expect(await remainingOf('APBD_KABUPATEN_KOTA', '73.71')).toBe((districtBefore ?? 0) - 60000000);

    // The link decides once: a second click changes nothing.
    const again = await fetch(link, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'decision=reject&note=salah+klik',
    });
    expect(again.status).toBe(409);
    expect((await t.api('GET', `/proposals/${id}`, { token: makassar })).body.status).toBe('BUDGET_ASSIGNED');
    expect(await remainingOf('APBN')).toBe((apbnBefore ?? 0) - 300000000);
  });

  it('when the approver rejects it with a note, then it ends REJECTED and no budget moves', async () => {
    const apbnBefore = await remainingOf('APBN');
    const body = validProposal();
    const { body: created } = await t.api('POST', '/proposals', { token: makassar, body });
    const link = await t.approvalLink(body.title);

    const noNote = await fetch(link, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'decision=reject&note=',
    });
    expect(noNote.status).toBe(400);
    expect(await noNote.text()).toContain('Catatan wajib diisi');

    const res = await fetch(link, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'decision=reject&note=Tidak+sesuai+prioritas',
    });
    expect(res.status).toBe(200);
    const rejected = await t.waitForStatus(created.id, makassar, ['REJECTED', 'FAILED']);
    expect(rejected.status).toBe('REJECTED');
    expect(rejected.approvals[0]).toMatchObject({ decision: 'REJECT', note: 'Tidak sesuai prioritas' });
    expect(rejected.allocations).toEqual([]);
    expect(await remainingOf('APBN')).toBe(apbnBefore);
  });

  it('when the approver returns it for revision, then it ends RETURNED with the note', async () => {
    const body = validProposal();
    const { body: created } = await t.api('POST', '/proposals', { token: makassar, body });
    const link = await t.approvalLink(body.title);
    const res = await fetch(link, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'decision=return&note=Lengkapi+rincian+target',
    });
    expect(res.status).toBe(200);
    const returned = await t.waitForStatus(created.id, makassar, ['RETURNED', 'FAILED']);
    expect(returned.status).toBe('RETURNED');
    expect(returned.approvals[0]).toMatchObject({ decision: 'RETURN', note: 'Lengkapi rincian target' });
  });
});

describe('Given a proposal that breaks a blocking rule', () => {
  it('when it is checked, then it is RETURNED with findings and no approver is asked', async () => {
    const body = validProposal({ commodity: 'nikel' });
    const { status, body: created } = await t.api('POST', '/proposals', { token: makassar, body });
    expect(status).toBe(201);
    const returned = await t.waitForStatus(created.id, makassar, ['RETURNED', 'AWAITING_APPROVAL', 'FAILED']);
    expect(returned.status).toBe('RETURNED');
    expect(returned.policyCheck.outcome).toBe('FAIL');
    expect(returned.policyCheck.ruleSetVersion).toBe(1);
    expect(
      returned.policyCheck.findings.some((f: any) => f.severity === 'BLOCKING' && /nikel/i.test(f.message)),
    ).toBe(true);
    // No approver is asked; the district's office is told why, naming the proposal's number.
    const mail = await t.waitForMail(created.id, (m) => m.subject.includes('dikembalikan'));
    expect(mail.to).toEqual(['industri.7371@kabkota.local']);
    expect(mail.text).toContain('nikel');
    expect(t.mailsAbout(created.id).filter((m) => m.subject.startsWith('Mohon persetujuan'))).toEqual([]);
  });
});

describe('Given a district pool with too little left', () => {
  it('when an approved proposal needs more than remains, then it is WAITLISTED and no pool changes', async () => {
    await dynamoDb().send(
      new UpdateItemCommand({
        TableName: tableName(),
        Key: toItem(keys.pool(2016, 'APBD_KABUPATEN_KOTA', '73.72')),
        UpdateExpression: 'SET remaining = :r',
        ExpressionAttributeValues: toItem({ ':r': 10000000 }),
      }),
    );
    const apbnBefore = await remainingOf('APBN');
    const body = validProposal({
      districtCode: '73.72',
      commodity: 'kakao',
      title: `Pengolahan kakao Parepare ${Date.now()}`,
    });
    const { status, body: created } = await t.api('POST', '/proposals', { token: parepare, body });
    expect(status).toBe(201);
    const link = await t.approvalLink(body.title);
    await fetch(link, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'decision=approve',
    });
    const waitlisted = await t.waitForStatus(created.id, parepare, [
      'WAITLISTED',
      'BUDGET_ASSIGNED',
      'FAILED',
    ]);
    expect(waitlisted.status).toBe('WAITLISTED');
    expect(waitlisted.allocations).toEqual([]);
    expect(await remainingOf('APBN')).toBe(apbnBefore);
    expect(await remainingOf('APBD_KABUPATEN_KOTA', '73.72')).toBe(10000000);
    const mail = await t.waitForMail(created.id, (m) => m.subject.includes('daftar tunggu'));
    expect(mail.to).toEqual(['industri.7372@kabkota.local']);
    expect(mail.text).toContain(created.id);
  });
});

describe('Given bad requests', () => {
  it('when the body is not JSON, then 400 VALIDATION_FAILED in Bahasa Indonesia', async () => {
    const res = await t.api('POST', '/proposals', { token: makassar, rawBody: '{"fiscalYear": 2016,' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.message).toMatch(/JSON/);
  });

  it('when fields are wrong, then 400 lists every problem and nothing is stored', async () => {
    const res = await t.api('POST', '/proposals', {
      token: makassar,
      body: validProposal({ programKind: 'TAMBANG', funding: [{ source: 'APBN', amount: 1.5 }] }),
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    const paths = res.body.error.details.map((d: any) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['programKind', 'funding.0.amount']));
  });

  it('when there is no token, then 401', async () => {
    const res = await t.api('POST', '/proposals', { body: validProposal() });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('when a district submits for another district, then 403 and nothing is stored', async () => {
    const res = await t.api('POST', '/proposals', {
      token: parepare,
      body: validProposal({ districtCode: '73.71' }),
    });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
  });

  it('when another district reads a proposal, then 403', async () => {
    const { body: created } = await t.api('POST', '/proposals', { token: makassar, body: validProposal() });
    const res = await t.api('GET', `/proposals/${created.id}`, { token: parepare });
    expect(res.status).toBe(403);
  });

  it('when an action link is unknown, then a clear 404 page', async () => {
    const res = await fetch(`${t.url}/actions/${'x'.repeat(43)}`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('Tautan ini tidak dikenal');
  });
});

describe('Given an Idempotency-Key', () => {
  it('when the same request is repeated, then the same proposal comes back and only one exists', async () => {
    const body = validProposal();
    const headers = { 'idempotency-key': `key-${Date.now()}` };
    const first = await t.api('POST', '/proposals', { token: makassar, body, headers });
    const second = await t.api('POST', '/proposals', { token: makassar, body, headers });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body.id).toBe(first.body.id);
    const changed = await t.api('POST', '/proposals', {
      token: makassar,
      body: { ...body, title: `${body.title} x` },
      headers,
    });
    expect(changed.status).toBe(422);
    expect(changed.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });
});
