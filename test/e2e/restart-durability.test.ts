import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack, validProposal } from '../support/local-stack.js';

/** Pending approvals survive a restart of the local stack (docs/architecture.md). */
let t: TestStack;
let makassar: string;

beforeAll(async () => {
  t = await startTestStack();
  makassar = await t.token('submitter', { districtCode: '73.71' });
}, 60_000);

afterAll(async () => {
  await t?.stop();
});

describe('Given a proposal waiting for its approver', () => {
  it('when the local stack restarts, then the same emailed link still decides it and no second email is sent', async () => {
    const body = validProposal();
    const { body: created } = await t.api('POST', '/proposals', { token: makassar, body });
    const link = await t.approvalLink(body.title);
    await t.waitForStatus(created.id, makassar, ['AWAITING_APPROVAL']);

    await t.restart();
    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(body.title);

    const decided = await fetch(link, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'decision=approve',
    });
    expect(decided.status).toBe(200);
    const done = await t.waitForStatus(created.id, makassar, ['BUDGET_ASSIGNED', 'WAITLISTED', 'FAILED']);
    expect(done.status).toBe('BUDGET_ASSIGNED');
    const requests = t.mailsAbout(created.id).filter((m) => m.subject.startsWith('Mohon persetujuan'));
    expect(requests).toHaveLength(1);
    const history = await t.settledHistory(created.id, makassar);
    expect(history.map((e: any) => e.type)).toEqual([
      'SUBMITTED',
      'POLICY_CHECK_PASSED',
      'APPROVAL_REQUESTED',
      'EMAIL_SENT',
      'DECISION_APPROVE',
      'BUDGET_ASSIGNED',
      'EMAIL_SENT',
    ]);
  });
});
