import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack, validProposal } from '../support/local-stack.js';

/** The office changes its rules and reference data without a deployment (issue: policy check). */
let t: TestStack;
let admin: string;
let makassar: string;
let auditor: string;

beforeAll(async () => {
  t = await startTestStack();
  admin = await t.token('admin');
  makassar = await t.token('submitter', { districtCode: '73.71' });
  auditor = await t.token('auditor');
}, 60_000);

afterAll(async () => {
  await t?.stop();
});

describe('Given a proposal with only warnings', () => {
  it('when checked, then it reaches the approver and the email and the page show the warnings', async () => {
    // Rp 510.000.000 for 5 jobs is above the 2016 bound of Rp 75.000.000 per job: a warning, not a block.
    const body = validProposal({ targets: { newEntrepreneurs: 40, jobsCreated: 5, ikmUnits: 20 } });
    const { body: created } = await t.api('POST', '/proposals', { token: makassar, body });
    const waiting = await t.waitForStatus(created.id, makassar, ['AWAITING_APPROVAL', 'RETURNED', 'FAILED']);
    expect(waiting.status).toBe('AWAITING_APPROVAL');
    expect(waiting.policyCheck.outcome).toBe('WARN');
    const warning = waiting.policyCheck.findings.find((f: any) => f.ruleId === 'target-wajar');
    expect(warning).toMatchObject({ severity: 'WARNING', source: expect.any(String) });
    expect(warning.message).toContain('Rp 102.000.000');

    const mail = await t.stack.inbox.waitFor((m) => m.subject.includes(body.title), 10_000);
    expect(mail.text).toContain('target-wajar');
    expect(mail.html).toContain('Rp 102.000.000');
    const link = mail.links.find((l) => l.includes('/actions/')) ?? '';
    const page = await (await fetch(link)).text();
    expect(page).toContain('target-wajar');
    expect(page).toContain('Rp 102.000.000');
  });
});

describe('Given the 2016 rule set', () => {
  it('when read by an auditor, then version 1 comes back; a submitter may not read it', async () => {
    const res = await t.api('GET', '/policies/2016', { token: auditor });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ fiscalYear: 2016, version: 1, latestVersion: 1 });
    expect((await t.api('GET', '/policies/2016', { token: makassar })).status).toBe(403);
    expect((await t.api('GET', '/policies/2017', { token: auditor })).status).toBe(404);
  });

  it('when an admin PUTs an invalid rule set, then 400 lists every problem and nothing is stored', async () => {
    const { body: current } = await t.api('GET', '/policies/2016', { token: admin });
    const broken = structuredClone(current);
    broken.rules[0].severity = 'FATAL';
    broken.rules[1].source = 'DESA';
    broken.rules.push({ ...broken.rules[2] });
    const res = await t.api('PUT', '/policies/2016', { token: admin, body: broken });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.details.length).toBeGreaterThanOrEqual(3);
    expect((await t.api('GET', '/policies/2016', { token: admin })).body.latestVersion).toBe(1);
  });

  it('when an admin PUTs a changed rule set, then the next proposal is checked by it and earlier ones keep their result', async () => {
    const promosi = (title: string) =>
      validProposal({
        title,
        programKind: 'PROMOSI',
        funding: [
          { source: 'APBD_PROVINSI', amount: 100000000 },
          { source: 'APBD_KABUPATEN_KOTA', amount: 50000000 },
        ],
      });
    const before = await t.api('POST', '/proposals', {
      token: makassar,
      body: promosi(`Pameran kerajinan kulit ${Date.now()} A`),
    });
    const checkedBefore = await t.waitForStatus(before.body.id, makassar, [
      'AWAITING_APPROVAL',
      'RETURNED',
      'FAILED',
    ]);
    expect(checkedBefore).toMatchObject({ status: 'AWAITING_APPROVAL', policyCheck: { ruleSetVersion: 1 } });

    const { body: current } = await t.api('GET', '/policies/2016', { token: admin });
    const kinds = current.rules.find((r: any) => r.kind === 'PROGRAM_KIND_ALLOWED');
    kinds.params.allowedKinds = kinds.params.allowedKinds.filter((k: string) => k !== 'PROMOSI');
    const put = await t.api('PUT', '/policies/2016', {
      token: admin,
      body: { ...current, description: `${current.description} Tanpa promosi.` },
    });
    expect(put.status).toBe(201);
    expect(put.body.version).toBe(2);
    expect((await t.api('PUT', '/policies/2016', { token: makassar, body: current })).status).toBe(403);

    const after = await t.api('POST', '/proposals', {
      token: makassar,
      body: promosi(`Pameran kerajinan kulit ${Date.now()} B`),
    });
    const checkedAfter = await t.waitForStatus(after.body.id, makassar, [
      'AWAITING_APPROVAL',
      'RETURNED',
      'FAILED',
    ]);
    expect(checkedAfter.status).toBe('RETURNED');
    expect(checkedAfter.policyCheck.ruleSetVersion).toBe(2);
    expect(checkedAfter.policyCheck.findings.map((f: any) => f.ruleId)).toContain(kinds.id);

    const earlier = await t.api('GET', `/proposals/${before.body.id}`, { token: makassar });
    expect(earlier.body).toMatchObject({ status: 'AWAITING_APPROVAL', policyCheck: { ruleSetVersion: 1 } });
    const v1 = await t.api('GET', '/policies/2016?version=1', { token: auditor });
    expect(v1.body.rules.find((r: any) => r.kind === 'PROGRAM_KIND_ALLOWED').params.allowedKinds).toContain(
      'PROMOSI',
    );
  });
});

describe('Given the districts', () => {
  it('when anyone signed in lists them, then the 24 come back with the province KIID list', async () => {
    const res = await t.api('GET', '/districts', { token: makassar });
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(24);
    expect(res.body.items[0]).toMatchObject({ code: '73.01', name: 'Kabupaten Kepulauan Selayar' });
    expect(res.body.province.kiidCommodities).toContain('kakao');
    expect((await t.api('GET', '/districts')).status).toBe(401);
  });

  it('when an admin adds a leading commodity, then a proposal for it passes the commodity rule', async () => {
    const body = validProposal({ commodity: 'keramik', title: `Sentra keramik Makassar ${Date.now()}` });
    const first = await t.api('POST', '/proposals', { token: makassar, body });
    const returned = await t.waitForStatus(first.body.id, makassar, [
      'RETURNED',
      'AWAITING_APPROVAL',
      'FAILED',
    ]);
    expect(returned.status).toBe('RETURNED');

    const denied = await t.api('PUT', '/districts/73.71', {
      token: makassar,
      body: { leadingCommodities: ['keramik'] },
    });
    expect(denied.status).toBe(403);
    const edit = await t.api('PUT', '/districts/73.71', {
      token: admin,
      body: { leadingCommodities: ['kerajinan kulit', 'kerajinan perak emas', 'Keramik'] },
    });
    expect(edit.status).toBe(200);
    expect(edit.body.leadingCommodities).toContain('keramik');
    expect(
      (await t.api('PUT', '/districts/73.99', { token: admin, body: { leadingCommodities: [] } })).status,
    ).toBe(404);

    const second = await t.api('POST', '/proposals', {
      token: makassar,
      body: { ...body, title: `${body.title} ulang` },
    });
    const passed = await t.waitForStatus(second.body.id, makassar, [
      'RETURNED',
      'AWAITING_APPROVAL',
      'FAILED',
    ]);
    expect(passed.status).toBe('AWAITING_APPROVAL');
  });
});
