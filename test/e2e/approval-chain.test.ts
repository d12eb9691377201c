import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack, validProposal } from '../support/local-stack.js';

/** The stock 2016 chain on the real local stack: KABID_IKM always, KADIS from Rp 1.000.000.000. */
let t: TestStack;
let makassar: string;
let admin: string;
let kabid: string;
let kadis: string;

beforeAll(async () => {
  t = await startTestStack();
  makassar = await t.token('submitter', { districtCode: '73.71' });
  admin = await t.token('admin', { email: 'admin@disperin.local' });
  kabid = await t.token('approver', { stage: 'KABID_IKM', email: 'kabid_ikm@disperin.local' });
  kadis = await t.token('approver', { stage: 'KADIS', email: 'kadis@disperin.local' });
}, 60_000);

afterAll(async () => {
  await t?.stop();
});

/** Rp 1,1 miliar: both stages apply (inside Makassar's pagu and the 2016 rules). */
const large = () =>
  validProposal({
    funding: [
      { source: 'APBN', amount: 700000000 },
      { source: 'APBD_PROVINSI', amount: 300000000 },
      { source: 'APBD_KABUPATEN_KOTA', amount: 100000000 },
    ],
    targets: { newEntrepreneurs: 40, jobsCreated: 120, ikmUnits: 20 },
  });

const post = (link: string, body: string) =>
  fetch(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });

describe('Given the stock 2016 approval chain', () => {
  it('when an admin reads it, then it has KABID_IKM for every proposal and KADIS from Rp 1.000.000.000', async () => {
    const res = await t.api('GET', '/approval-chains/2016', { token: admin });
    expect(res.status).toBe(200);
    expect(res.body.version).toBe(1);
    expect(res.body.stages.map((s: any) => [s.stage, s.minTotal])).toEqual([
      ['KABID_IKM', 0],
      ['KADIS', 1000000000],
    ]);
  });

  it('when a proposal of Rp 1,1 miliar is approved at both stages, then its budget is assigned and both decisions are on it', async () => {
    const body = large();
    const { body: created } = await t.api('POST', '/proposals', { token: makassar, body });
    const first = await t.approvalLink(body.title);
    const queue = await t.api('GET', '/approvals?stage=KABID_IKM&status=pending', { token: kabid });
    expect(queue.status).toBe(200);
    const entry = queue.body.items.find((i: any) => i.proposal.id === created.id);
    expect(entry).toMatchObject({ stage: 'KABID_IKM' });
    expect(Date.parse(entry.overdueAt) - Date.parse(entry.requestedAt)).toBe(604800 * 1000);

    expect((await post(first, 'decision=approve&note=Sesuai+KIID+kakao')).status).toBe(200);
    const second = await t.approvalLink(body.title, { to: 'kadis@disperin.local' });
    expect(second).not.toBe(first);
    // The second approver sees the first stage's decision and note.
    const page = await (await fetch(second)).text();
    expect(page).toContain('Keputusan tahap sebelumnya');
    expect(page).toContain('Sesuai KIID kakao');
    const waiting = await t.waitForStatus(created.id, makassar, ['AWAITING_APPROVAL']);
    expect(waiting.approvalStage).toBe('KADIS');
    expect(waiting.approvalChainVersion).toBe(1);

    expect((await post(second, 'decision=approve&note=Lanjut')).status).toBe(200);
    const done = await t.waitForStatus(created.id, makassar, ['BUDGET_ASSIGNED', 'WAITLISTED', 'FAILED']);
    expect(done.status).toBe('BUDGET_ASSIGNED');
    expect(done.approvals.map((a: any) => [a.stage, a.decision, a.by])).toEqual([
      ['KABID_IKM', 'APPROVE', 'kabid_ikm@disperin.local'],
      ['KADIS', 'APPROVE', 'kadis@disperin.local'],
    ]);
    const outcome = await t.waitForMail(created.id, (m) => m.subject.includes('anggarannya ditetapkan'));
    expect(outcome.to).toEqual(['industri.7371@kabkota.local']);
    expect(outcome.text).toContain('Rp 700.000.000');
    // Approvers read from the history which mails went out, to whom, and when.
    const history = await t.settledHistory(created.id, kadis);
    const mails = history.filter((e: any) => e.type === 'EMAIL_SENT').map((e: any) => e.note);
    expect(mails).toEqual([
      expect.stringContaining('kabid_ikm@disperin.local'),
      expect.stringContaining('kadis@disperin.local'),
      expect.stringContaining('industri.7371@kabkota.local'),
    ]);
  });

  it('when the second stage returns it, then it is RETURNED with the note and the district is told', async () => {
    const body = large();
    const { body: created } = await t.api('POST', '/proposals', { token: makassar, body });
    await post(await t.approvalLink(body.title), 'decision=approve');
    const second = await t.approvalLink(body.title, { to: 'kadis@disperin.local' });
    expect((await post(second, 'decision=return&note=Rinci+biaya+pelatihan')).status).toBe(200);
    const returned = await t.waitForStatus(created.id, makassar, ['RETURNED', 'FAILED']);
    expect(returned.status).toBe('RETURNED');
    expect(returned.approvals.at(-1)).toMatchObject({
      stage: 'KADIS',
      decision: 'RETURN',
      note: 'Rinci biaya pelatihan',
    });
    const mail = await t.waitForMail(created.id, (m) => m.subject.includes('dikembalikan'));
    expect(mail.text).toContain('Rinci biaya pelatihan');
  });

  it('when the first stage rejects it, then it ends REJECTED, the second stage is never asked, and the district is told', async () => {
    const body = large();
    const { body: created } = await t.api('POST', '/proposals', { token: makassar, body });
    await post(await t.approvalLink(body.title), 'decision=reject&note=Tidak+sesuai+prioritas');
    const rejected = await t.waitForStatus(created.id, makassar, ['REJECTED', 'FAILED']);
    expect(rejected.status).toBe('REJECTED');
    const mail = await t.waitForMail(created.id, (m) => m.subject.includes('ditolak'));
    expect(mail.text).toContain('Tidak sesuai prioritas');
    expect(t.mailsAbout(created.id).some((m) => m.to.includes('kadis@disperin.local'))).toBe(false);
  });

  it('when a stage-1 link is used again while stage 2 waits, then it decides nothing', async () => {
    const body = large();
    const { body: created } = await t.api('POST', '/proposals', { token: makassar, body });
    const first = await t.approvalLink(body.title);
    await post(first, 'decision=approve');
    await t.approvalLink(body.title, { to: 'kadis@disperin.local' });
    const replay = await post(first, 'decision=reject&note=coba+lagi');
    expect(replay.status).toBe(409);
    expect(await replay.text()).toContain('sudah diambil melalui tautan ini');
    const still = (await t.api('GET', `/proposals/${created.id}`, { token: makassar })).body;
    expect(still).toMatchObject({ status: 'AWAITING_APPROVAL', approvalStage: 'KADIS' });
    expect(still.approvals).toHaveLength(1);
  });
});

describe('Given the approvers queue', () => {
  it('when an approver asks for another stage, then 403; without a stage, 400; an admin sees any stage', async () => {
    expect((await t.api('GET', '/approvals?stage=KADIS&status=pending', { token: kabid })).status).toBe(403);
    expect((await t.api('GET', '/approvals?stage=kadis', { token: admin })).status).toBe(400);
    expect((await t.api('GET', '/approvals?stage=KADIS&status=pending', { token: makassar })).status).toBe(
      403,
    );
    const any = await t.api('GET', '/approvals?stage=KADIS&status=pending', { token: admin });
    expect(any.status).toBe(200);
    for (const item of any.body.items) expect(item.proposal.approvalStage).toBe('KADIS');
  });
});

describe('Given an admin editing the chain', () => {
  it('when the new chain has problems, then 400 lists every one and nothing is stored', async () => {
    const res = await t.api('PUT', '/approval-chains/2016', {
      token: admin,
      body: {
        stages: [
          {
            stage: 'KABID_IKM',
            name: 'Kepala Bidang IKM',
            approvers: [],
            remindAfterSeconds: 500,
            escalateAfterSeconds: 400,
            escalateTo: [],
            overdueAfterSeconds: 300,
          },
          {
            stage: 'KABID_IKM',
            name: 'Lagi',
            approvers: ['bukan-email'],
            remindAfterSeconds: null,
            escalateAfterSeconds: null,
            overdueAfterSeconds: 60,
          },
        ],
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    const paths = res.body.error.details.map((d: any) => d.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'stages[0].approvers',
        'stages[0].escalateAfterSeconds',
        'stages[0].overdueAfterSeconds',
        'stages[0].escalateTo',
        'stages[1].approvers[0]',
        'stages[1].stage',
      ]),
    );
    expect((await t.api('GET', '/approval-chains/2016', { token: admin })).body.version).toBe(1);
  });

  it('when someone other than an admin stores a chain, then 403', async () => {
    const res = await t.api('PUT', '/approval-chains/2016', { token: kabid, body: { stages: [] } });
    expect(res.status).toBe(403);
  });
});

describe('Given district contacts', () => {
  it('when an admin changes them, then the next outcome mail goes to the new address', async () => {
    const put = await t.api('PUT', '/districts/73.71', {
      token: admin,
      body: { contactEmails: ['Perindustrian@Makassarkota.go.id'] },
    });
    expect(put.status).toBe(200);
    expect(put.body.contactEmails).toEqual(['perindustrian@makassarkota.go.id']);
    const listed = (await t.api('GET', '/districts', { token: makassar })).body.items;
    expect(listed.find((d: any) => d.code === '73.71').contactEmails).toEqual([
      'perindustrian@makassarkota.go.id',
    ]);
    expect(
      (await t.api('PUT', '/districts/73.71', { token: admin, body: { contactEmails: ['x'] } })).status,
    ).toBe(400);

    const body = validProposal({ commodity: 'nikel' });
    const { body: created } = await t.api('POST', '/proposals', { token: makassar, body });
    const mail = await t.waitForMail(created.id, (m) => m.subject.includes('dikembalikan'), 20_000);
    expect(mail.to).toEqual(['perindustrian@makassarkota.go.id']);
  });
});
