import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack, validProposal } from '../support/local-stack.js';

/**
 * Reminder, escalation and OVERDUE with second-scale timers, set through the API as an admin
 * would: remind after 3 s, escalate after 6 s, overdue after 9 s (one stage for every proposal).
 */
let t: TestStack;
let makassar: string;
let admin: string;

const REMIND = 3;
const ESCALATE = 6;
const OVERDUE = 9;

beforeAll(async () => {
  t = await startTestStack();
  makassar = await t.token('submitter', { districtCode: '73.71' });
  admin = await t.token('admin', { email: 'admin@disperin.local' });
  const stored = await t.api('PUT', '/approval-chains/2016', {
    token: admin,
    body: {
      stages: [
        {
          stage: 'KABID_IKM',
          name: 'Kepala Bidang IKM',
          approvers: ['kabid_ikm@disperin.local'],
          minTotal: 0,
          remindAfterSeconds: REMIND,
          escalateAfterSeconds: ESCALATE,
          escalateTo: ['sekretaris@disperin.local'],
          overdueAfterSeconds: OVERDUE,
        },
      ],
    },
  });
  expect(stored.status).toBe(201);
  expect(stored.body.latestVersion).toBe(2);
}, 60_000);

afterAll(async () => {
  await t?.stop();
});

const post = (link: string, body: string) =>
  fetch(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });

describe('Given a stage nobody decides', () => {
  it('when its moments pass, then the approver is reminded, the stage escalated, and the proposal OVERDUE with its links closed; an admin retry then reaches BUDGET_ASSIGNED', async () => {
    const body = validProposal();
    const { body: created } = await t.api('POST', '/proposals', { token: makassar, body });
    const id: string = created.id;
    const link = await t.approvalLink(body.title);
    const waiting = await t.waitForStatus(id, makassar, ['AWAITING_APPROVAL']);
    expect(waiting.approvalChainVersion).toBe(2);
    const requestedAt = Date.parse(waiting.stageRequestedAt);
    expect(Date.parse(waiting.stageOverdueAt) - requestedAt).toBe(OVERDUE * 1000);

    const reminder = await t.waitForMail(id, (m) => m.subject.startsWith('Pengingat'), 20_000);
    expect(reminder.to).toEqual(['kabid_ikm@disperin.local']);
    expect(reminder.links).toContain(link); // the same link still works
    const escalation = await t.waitForMail(id, (m) => m.subject.startsWith('Eskalasi'), 20_000);
    expect(escalation.to).toEqual(['sekretaris@disperin.local']);
    const escalationLink = escalation.links.find((l) => l.includes('/actions/'));
    expect(escalationLink).toBeDefined();
    expect(escalationLink).not.toBe(link);

    const overdue = await t.waitForStatus(id, makassar, ['OVERDUE', 'FAILED'], 20_000);
    expect(overdue.status).toBe('OVERDUE');
    expect(overdue.statusLabel).toBe('Lewat Batas Waktu');
    const told = await t.waitForMail(id, (m) => m.subject.includes('lewat batas waktu'));
    expect(told.to).toEqual(['industri.7371@kabkota.local']);
    // Every link of the stage stops working, and deciding through one changes nothing.
    for (const l of [link, escalationLink as string]) {
      const res = await post(l, 'decision=approve');
      expect([409, 410]).toContain(res.status);
    }
    expect((await t.api('GET', `/proposals/${id}`, { token: makassar })).body.status).toBe('OVERDUE');

    // Only an admin retries, with a note; any other status is refused.
    expect(
      (await t.api('POST', `/proposals/${id}/retry`, { token: makassar, body: { note: 'tolong' } })).status,
    ).toBe(403);
    expect((await t.api('POST', `/proposals/${id}/retry`, { token: admin, body: {} })).status).toBe(400);
    // Two retries at once start one run.
    const [a, b] = await Promise.all([
      t.api('POST', `/proposals/${id}/retry`, {
        token: admin,
        body: { note: 'Kabid kembali dari dinas luar' },
      }),
      t.api('POST', `/proposals/${id}/retry`, {
        token: admin,
        body: { note: 'Kabid kembali dari dinas luar' },
      }),
    ]);
    expect([a.status, b.status].sort()).toEqual([202, 409]);
    const again = await t.waitForMail(
      id,
      (m) => m.subject.startsWith('Mohon persetujuan') && !m.links.includes(link),
      20_000,
    );
    const newLink = again.links.find((l) => l.includes('/actions/')) as string;
    expect((await post(newLink, 'decision=approve')).status).toBe(200);
    const done = await t.waitForStatus(id, makassar, ['BUDGET_ASSIGNED', 'WAITLISTED', 'FAILED'], 20_000);
    expect(done.status).toBe('BUDGET_ASSIGNED');
    expect(t.mailsAbout(id).filter((m) => m.subject.startsWith('Mohon persetujuan'))).toHaveLength(2);
    expect(
      (await t.api('POST', `/proposals/${id}/retry`, { token: admin, body: { note: 'lagi' } })).status,
    ).toBe(409);

    const history = await t.settledHistory(id, admin);
    const types = history.map((e: any) => e.type).filter((type: string) => !type.startsWith('EMAIL_'));
    expect(types).toEqual([
      'SUBMITTED',
      'POLICY_CHECK_PASSED',
      'APPROVAL_REQUESTED',
      'APPROVAL_REMINDED',
      'APPROVAL_ESCALATED',
      'APPROVAL_OVERDUE',
      'RETRIED',
      'APPROVAL_REQUESTED',
      'DECISION_APPROVE',
      'BUDGET_ASSIGNED',
    ]);
  }, 90_000);

  it('when the escalation address decides, then its link decides the stage', async () => {
    const body = validProposal();
    const { body: created } = await t.api('POST', '/proposals', { token: makassar, body });
    const escalation = await t.waitForMail(created.id, (m) => m.subject.startsWith('Eskalasi'), 20_000);
    const link = escalation.links.find((l) => l.includes('/actions/')) as string;
    expect((await post(link, 'decision=reject&note=Dana+dialihkan')).status).toBe(200);
    const done = await t.waitForStatus(created.id, makassar, ['REJECTED', 'OVERDUE', 'FAILED'], 20_000);
    expect(done.status).toBe('REJECTED');
    expect(done.approvals[0]).toMatchObject({ by: 'sekretaris@disperin.local', decision: 'REJECT' });
  }, 60_000);
});

describe('Given a stage whose timer runs while the local stack restarts', () => {
  it('when the stack comes back, then the overdue moment is unchanged and still comes on time', async () => {
    const body = validProposal();
    const { body: created } = await t.api('POST', '/proposals', { token: makassar, body });
    await t.approvalLink(body.title);
    const before = await t.waitForStatus(created.id, makassar, ['AWAITING_APPROVAL']);
    await t.restart();
    const restartedAt = Date.now();
    const after = (await t.api('GET', `/proposals/${created.id}`, { token: makassar })).body;
    expect(after.stageOverdueAt).toBe(before.stageOverdueAt);
    const overdue = await t.waitForStatus(created.id, makassar, ['OVERDUE', 'FAILED'], 30_000);
    expect(overdue.status).toBe('OVERDUE');
    const history = await t.settledHistory(created.id, admin);
    const marked = history.find((e: any) => e.type === 'APPROVAL_OVERDUE');
    // Not restarted from zero: overdue at the original moment (or at once, if the restart outlasted it).
    const due = Math.max(Date.parse(before.stageOverdueAt), restartedAt);
    expect(Date.parse(marked.at)).toBeGreaterThanOrEqual(Date.parse(before.stageOverdueAt));
    expect(Date.parse(marked.at) - due).toBeLessThan(3000);
    // Nobody is reminded or escalated to twice across the restart.
    const kinds = t.mailsAbout(created.id).map((m) => m.subject.split(':')[0]);
    expect(kinds.filter((k) => k === 'Pengingat').length).toBeLessThanOrEqual(1);
    expect(kinds.filter((k) => k === 'Eskalasi').length).toBeLessThanOrEqual(1);
  }, 90_000);
});
