import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack, validProposal } from '../support/local-stack.js';

/**
 * Everything an emailed approval link may meet: scanners, double clicks, races between two
 * approvers, tampering, forged forms from other sites, and links whose moment has passed. Each is
 * refused with a clear page, and nothing changes.
 */
let t: TestStack;
let makassar: string;
let admin: string;
let auditor: string;

const stage = (overrides: Record<string, unknown> = {}) => ({
  stage: 'KABID_IKM',
  name: 'Kepala Bidang IKM',
  approvers: ['kabid_ikm@disperin.local', 'wakil_kabid@disperin.local'],
  minTotal: 0,
  remindAfterSeconds: null,
  escalateAfterSeconds: null,
  overdueAfterSeconds: 3600,
  ...overrides,
});

beforeAll(async () => {
  t = await startTestStack();
  makassar = await t.token('submitter', { districtCode: '73.71' });
  admin = await t.token('admin');
  auditor = await t.token('auditor');
  // Two approvers at the one stage: either may decide it, once.
  const put = await t.api('PUT', '/approval-chains/2016', { token: admin, body: { stages: [stage()] } });
  expect(put.status).toBe(201);
}, 60_000);

afterAll(async () => {
  await t?.stop();
});

const form = (link: string, body: string, headers: Record<string, string> = {}) =>
  fetch(link, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body,
  });

/** Rp 35 juta: many of them fit Makassar's pagu indikatif. */
const small = () =>
  validProposal({
    funding: [
      { source: 'APBN', amount: 20000000 },
      { source: 'APBD_PROVINSI', amount: 10000000 },
      { source: 'APBD_KABUPATEN_KOTA', amount: 5000000 },
    ],
    targets: { newEntrepreneurs: 10, jobsCreated: 20, ikmUnits: 5 },
  });

/** A waiting proposal, its two links, and a snapshot of it to compare with. */
async function waiting() {
  const body = small();
  const { body: created } = await t.api('POST', '/proposals', { token: makassar, body });
  const first = await t.approvalLink(body.title);
  const second = await t.approvalLink(body.title, { to: 'wakil_kabid@disperin.local' });
  await t.waitForStatus(created.id, makassar, ['AWAITING_APPROVAL']);
  const snapshot = async () => ({
    proposal: (await t.api('GET', `/proposals/${created.id}`, { token: auditor })).body,
    history: await t.settledHistory(created.id, auditor),
  });
  return { id: created.id as string, first, second, before: await snapshot(), snapshot };
}

describe('Given a waiting proposal and its links', () => {
  it('when the link is opened with GET and HEAD (mail scanners), then nothing changes', async () => {
    const w = await waiting();
    expect((await fetch(w.first)).status).toBe(200);
    const head = await fetch(w.first, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect(await w.snapshot()).toEqual(w.before);
  });

  it('when the decision names a prototype key or nothing known, then 400 and the link still works', async () => {
    const w = await waiting();
    for (const decision of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'APPROVE', '']) {
      const res = await form(w.first, `decision=${encodeURIComponent(decision)}&note=x`);
      expect(res.status, decision).toBe(400);
      expect(await res.text()).toContain('Pilih salah satu keputusan');
    }
    const noNote = await form(w.first, 'decision=reject');
    expect(noNote.status).toBe(400);
    expect(await w.snapshot()).toEqual(w.before);
    expect((await form(w.first, 'decision=approve')).status).toBe(200);
  });

  it('when ten POSTs of one link race, then exactly one decides', async () => {
    const w = await waiting();
    const answers = await Promise.all(Array.from({ length: 10 }, () => form(w.first, 'decision=approve')));
    expect(answers.map((a) => a.status).sort()).toEqual([200, ...Array(9).fill(409)]);
    const done = await t.waitForStatus(w.id, makassar, ['BUDGET_ASSIGNED', 'FAILED']);
    expect(done.approvals).toHaveLength(1);
  });

  it('when both approvers of the stage click at once, then exactly one decides and the other is told so', async () => {
    const w = await waiting();
    const [a, b] = await Promise.all([
      form(w.first, 'decision=approve'),
      form(w.second, 'decision=reject&note=Tidak+sesuai'),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    expect(await loser.text()).toMatch(/diputuskan oleh pejabat lain|tidak lagi menunggu/);
    const done = await t.waitForStatus(w.id, makassar, ['BUDGET_ASSIGNED', 'REJECTED', 'FAILED']);
    expect(done.approvals).toHaveLength(1);
  });

  it('when a decided link is replayed, then 409 and nothing changes', async () => {
    const w = await waiting();
    expect((await form(w.first, 'decision=approve')).status).toBe(200);
    const done = await t.waitForStatus(w.id, makassar, ['BUDGET_ASSIGNED', 'FAILED']);
    const replay = await form(w.first, 'decision=reject&note=ulang');
    expect(replay.status).toBe(409);
    expect((await t.api('GET', `/proposals/${w.id}`, { token: auditor })).body).toEqual(done);
  });

  it('when the link is tampered with, then a clear 404 page', async () => {
    const w = await waiting();
    const id = w.first.split('/actions/')[1] as string;
    const flipped = `${id.slice(0, -1)}${id.endsWith('A') ? 'B' : 'A'}`;
    for (const bad of [flipped, id.slice(1), `${id}x`, '..%2F..%2Fhealth', 'a'.repeat(43)]) {
      const res = await form(`${t.url}/actions/${bad}`, 'decision=approve');
      expect(res.status, bad).toBe(404);
      expect(await res.text()).toContain('Tautan ini tidak dikenal');
    }
    expect(await w.snapshot()).toEqual(w.before);
  });

  it('when another site posts the form (foreign Origin, null Origin, foreign Referer), then 403 and nothing changes', async () => {
    const w = await waiting();
    const forged: Array<Record<string, string>> = [
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { referer: 'https://evil.example/page' },
    ];
    for (const headers of forged) {
      const res = await form(w.first, 'decision=approve', headers);
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(await res.text()).toContain('halaman persetujuan itu sendiri');
    }
    expect(await w.snapshot()).toEqual(w.before);
    // Its own page's form posts with the page's origin.
    expect((await form(w.first, 'decision=approve', { origin: t.url })).status).toBe(200);
  });

  it('when the district withdraws the proposal, then its links decide nothing', async () => {
    const w = await waiting();
    expect((await t.api('POST', `/proposals/${w.id}/withdraw`, { token: makassar })).status).toBe(200);
    const res = await form(w.first, 'decision=approve');
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('tidak lagi menunggu keputusan');
    expect((await t.api('GET', `/proposals/${w.id}`, { token: auditor })).body.status).toBe('WITHDRAWN');
  });

  it('when the proposal was returned and revised, then the old revision’s link decides nothing', async () => {
    const w = await waiting();
    expect((await form(w.first, 'decision=return&note=Perbaiki')).status).toBe(200);
    await t.waitForStatus(w.id, makassar, ['RETURNED']);
    const revised = await t.api('POST', `/proposals/${w.id}/revisions`, { token: makassar, body: small() });
    expect(revised.status).toBe(201);
    await t.waitForStatus(w.id, makassar, ['AWAITING_APPROVAL']);
    const res = await form(w.second, 'decision=approve');
    expect(res.status).toBe(409);
    expect((await t.api('GET', `/proposals/${w.id}`, { token: auditor })).body).toMatchObject({
      revision: 2,
      status: 'AWAITING_APPROVAL',
      approvals: [],
    });
  });
});

describe('Given a stage whose overdue moment has passed', () => {
  it('when a link of it is used, then a clear page and nothing changes', async () => {
    await t.api('PUT', '/approval-chains/2016', {
      token: admin,
      body: { stages: [stage({ overdueAfterSeconds: 2 })] },
    });
    const w = await waiting();
    await t.waitForStatus(w.id, makassar, ['OVERDUE'], 20_000);
    const res = await form(w.first, 'decision=approve');
    expect([409, 410]).toContain(res.status);
    expect(await res.text()).toMatch(/kedaluwarsa|tidak lagi menunggu/);
    expect((await t.api('GET', `/proposals/${w.id}`, { token: auditor })).body.status).toBe('OVERDUE');
  }, 30_000);
});
