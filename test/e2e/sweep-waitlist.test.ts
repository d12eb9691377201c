import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as poolRepository from '../../functions/adapters/dynamodb/pool-repository.js';
import { startTestStack, type TestStack, validProposal } from '../support/local-stack.js';

/**
 * A pool's ceiling is raised and the process dies before its waitlist is funded: the raise is on
 * record with a marker, and the sweep funds the queue. The crash is reproduced by making the
 * ceiling change exactly as the API does, without the funding that follows it.
 */
let t: TestStack;
let parepare: string;
let admin: string;

beforeAll(async () => {
  t = await startTestStack({ LOCAL_SCHEDULE_SECONDS: '1', SWEEP_GRACE_SECONDS: '1' });
  parepare = await t.token('submitter', { districtCode: '73.72' });
  admin = await t.token('admin', { email: 'admin@disperin.local' });
}, 60_000);

afterAll(async () => {
  await t?.stop();
});

describe('Given a proposal waiting on a pool whose raise was cut short by a crash', () => {
  it('when the sweep runs, then the waitlist of the raised pool is funded', async () => {
    const pool = { fiscalYear: 2016, source: 'APBD_KABUPATEN_KOTA' as const, districtCode: '73.72' };
    const shrunk = await t.api('PUT', '/budget-pools/2016/APBD_KABUPATEN_KOTA/73.72', {
      token: admin,
      body: { ceiling: 10_000_000 },
    });
    expect(shrunk.status).toBe(200);
    const body = validProposal({ districtCode: '73.72', commodity: 'kakao' });
    const { body: created } = await t.api('POST', '/proposals', { token: parepare, body });
    await fetch(await t.approvalLink(body.title), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'decision=approve',
    });
    expect((await t.waitForStatus(created.id, parepare, ['WAITLISTED', 'BUDGET_ASSIGNED'])).status).toBe(
      'WAITLISTED',
    );

    const before = await poolRepository.get(pool);
    if (!before) throw new Error('pool missing');
    const raised = await poolRepository.changeCeiling(before, 1_000_000_000, {
      at: new Date().toISOString(),
      actor: 'admin@disperin.local',
      type: 'POOL_CEILING_CHANGED',
      fromCeiling: before.ceiling,
      toCeiling: 1_000_000_000,
      note: 'naik, lalu proses mati sebelum daftar tunggu didanai',
    });
    expect(raised).toBe(true);

    const funded = await t.waitForStatus(created.id, parepare, ['BUDGET_ASSIGNED'], 20_000);
    expect(funded.allocations).toEqual(body.funding);
    const mail = await t.waitForMail(created.id, (m) => m.subject.includes('didanai dari daftar tunggu'));
    expect(mail.to).toEqual(['industri.7372@kabkota.local']);
    // Once its queue has been run, the pool leaves the sweep's list.
    const deadline = Date.now() + 10_000;
    let left = await poolRepository.toFund(new Date(Date.now() + 60_000).toISOString(), 10);
    while (left.length > 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      left = await poolRepository.toFund(new Date(Date.now() + 60_000).toISOString(), 10);
    }
    expect(left).toEqual([]);
  }, 60_000);
});
