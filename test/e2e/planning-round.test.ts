import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as keys from '../../functions/adapters/dynamodb/keys.js';
import { fromItem, toItem } from '../../functions/adapters/dynamodb/marshalling.js';
import { queryAll } from '../../functions/adapters/dynamodb/query.js';
import * as roundRepository from '../../functions/adapters/dynamodb/round-repository.js';
import { type ApiResponse, startTestStack, type TestStack, validProposal } from '../support/local-stack.js';

/**
 * The planning round of 2016 on the real local stack: the submission window at the door, an
 * APBN-only approval stage, the consolidated programme against the allocation report, the
 * reminder to the districts that sent nothing (once, across a restart), and finalising.
 */
let t: TestStack;
let makassar: string;
let parepare: string;
let palopo: string;
let admin: string;
let approver: string;
let auditor: string;

beforeAll(async () => {
  t = await startTestStack({ LOCAL_SCHEDULE_SECONDS: '1', SWEEP_GRACE_SECONDS: '1' });
  [makassar, parepare, palopo, admin, approver, auditor] = await Promise.all([
    t.token('submitter', { districtCode: '73.71' }),
    t.token('submitter', { districtCode: '73.72' }),
    t.token('submitter', { districtCode: '73.73' }),
    t.token('admin', { email: 'admin@disperin.local' }),
    t.token('approver', { stage: 'KABID_IKM', email: 'kabid_ikm@disperin.local' }),
    t.token('auditor'),
  ]);
}, 60_000);

afterAll(async () => {
  await t?.stop();
});

const DAY = 86_400_000;
const at = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();
const decide = (link: string, body = 'decision=approve') =>
  fetch(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });

/** Small enough that several fit in one district's pagu; passes the 2016 rules. */
const small = (overrides: Record<string, unknown> = {}) =>
  validProposal({
    funding: [
      { source: 'APBN', amount: 100000000 },
      { source: 'APBD_PROVINSI', amount: 50000000 },
      { source: 'APBD_KABUPATEN_KOTA', amount: 20000000 },
    ],
    ...overrides,
  });
const withoutApbn = (overrides: Record<string, unknown> = {}) =>
  validProposal({
    funding: [
      { source: 'APBD_PROVINSI', amount: 80000000 },
      { source: 'APBD_KABUPATEN_KOTA', amount: 40000000 },
    ],
    ...overrides,
  });

const putRound = (fields: Record<string, unknown>) =>
  t.api('PUT', '/rounds/2016', {
    token: admin,
    body: {
      state: 'OPEN',
      opensAt: at(-30 * DAY),
      meetingAt: at(60 * DAY),
      reminderDaysBeforeClose: 0,
      ...fields,
    },
  });

/**
 * Other functions keep a round for a few seconds (round-cache.ts): the request is sent again
 * until the answer has the expected status, as a client would after an admin's change.
 */
async function untilStatus(send: () => Promise<ApiResponse>, status: number, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await send();
    if (res.status === status || Date.now() > deadline) return res;
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('Given the stock 2016 round', () => {
  it('when anyone signed in reads it, then it is OPEN with its closing far ahead', async () => {
    const res = await t.api('GET', '/rounds/2016', { token: makassar });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      fiscalYear: 2016,
      state: 'OPEN',
      version: 1,
      reminderDaysBeforeClose: 7,
    });
    expect(Date.parse(res.body.closesAt)).toBeGreaterThan(Date.now() + 365 * DAY);
    expect((await t.api('GET', '/rounds/2031', { token: makassar })).status).toBe(404);
  });

  it('when an admin sends a round with its dates out of order, then 400 lists every problem and nothing changes', async () => {
    const res = await putRound({ opensAt: at(DAY), closesAt: at(-DAY), meetingAt: at(-2 * DAY) });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.details.map((d: any) => d.path).sort()).toEqual(['closesAt', 'meetingAt']);
    expect((await t.api('GET', '/rounds/2016', { token: admin })).body.version).toBe(1);
    const forbidden = await t.api('PUT', '/rounds/2016', {
      token: makassar,
      body: {
        state: 'OPEN',
        opensAt: at(-DAY),
        closesAt: at(DAY),
        meetingAt: at(2 * DAY),
        reminderDaysBeforeClose: 0,
      },
    });
    expect(forbidden.status).toBe(403);
  });
});

/**
 * A workbook read back from its bytes, independently of the writer: each sheet by name, as rows
 * of cell values (numbers as numbers, inline strings as text), in the order Excel shows them.
 */
function readWorkbook(bytes: Uint8Array): Map<string, (string | number)[][]> {
  const files = unzipSync(bytes);
  const file = (name: string) => {
    const found = files[name];
    if (!found) throw new Error(`${name} missing from the workbook`);
    return strFromU8(found);
  };
  const unescapeXml = (t: string) =>
    t
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&');
  const names = [...file('xl/workbook.xml').matchAll(/<sheet name="([^"]+)"/g)].map((m) =>
    unescapeXml(m[1] ?? ''),
  );
  return new Map(
    names.map((name, i) => {
      const rows = [...file(`xl/worksheets/sheet${i + 1}.xml`).matchAll(/<row r="\d+">(.*?)<\/row>/gs)].map(
        (row) =>
          [...(row[1] ?? '').matchAll(/<c r="[A-Z]+\d+"[^>]*?(?:\/>|>(.*?)<\/c>)/gs)].map((c) => {
            const inner = c[1] ?? '';
            const textCell = /<t[^>]*>(.*?)<\/t>/s.exec(inner);
            if (textCell) return unescapeXml(textCell[1] ?? '');
            const value = /<v>(.*?)<\/v>/.exec(inner);
            return value ? Number(value[1]) : '';
          }),
      );
      return [name, rows] as const;
    }),
  );
}

describe('Given the 2016 window closed, not yet open, then extended by an admin', () => {
  let returnedId: string;

  it('when Parepare has a proposal RETURNED by the policy check, then it may still revise while the window is open', async () => {
    const created = await t.api('POST', '/proposals', {
      token: parepare,
      body: small({ districtCode: '73.72', commodity: 'nikel' }),
    });
    expect(created.status).toBe(201);
    returnedId = created.body.id;
    expect((await t.waitForStatus(returnedId, parepare, ['RETURNED', 'FAILED'])).status).toBe('RETURNED');
  });

  it('when the round closed an hour ago, then a submission and a revision get 409 ROUND_CLOSED naming the window in WITA', async () => {
    const closed = await putRound({ closesAt: at(-3_600_000) });
    expect(closed.status).toBe(200);
    expect(closed.body.version).toBe(2);
    const refused = await untilStatus(
      () => t.api('POST', '/proposals', { token: makassar, body: small() }),
      409,
    );
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('ROUND_CLOSED');
    expect(refused.body.error.message).toMatch(/sudah ditutup; masa pengajuan .+ WITA s\.d\. .+ WITA/);
    const revision = await t.api('POST', `/proposals/${returnedId}/revisions`, {
      token: parepare,
      body: small({ districtCode: '73.72', commodity: 'kakao' }),
    });
    expect(revision.status).toBe(409);
    expect(revision.body.error.code).toBe('ROUND_CLOSED');
  });

  it('when the round opens tomorrow, or is a draft, then a submission gets 409 ROUND_NOT_OPEN', async () => {
    expect(
      (await putRound({ opensAt: at(DAY), closesAt: at(10 * DAY), meetingAt: at(11 * DAY) })).status,
    ).toBe(200);
    const early = await untilStatus(
      () => t.api('POST', '/proposals', { token: makassar, body: small() }),
      409,
    );
    expect(early.body.error.code).toBe('ROUND_NOT_OPEN');
    expect(early.body.error.message).toContain('belum dibuka');
    expect((await putRound({ state: 'DRAFT', closesAt: at(10 * DAY) })).status).toBe(200);
    const draft = await untilStatus(
      () => t.api('POST', '/proposals', { token: makassar, body: small() }),
      409,
    );
    expect(draft.body.error.code).toBe('ROUND_NOT_OPEN');
  });

  it('when an admin extends it, then the revision and new submissions are accepted, and every change is audited', async () => {
    const current = (await t.api('GET', '/rounds/2016', { token: admin })).body;
    const stale = await putRound({ closesAt: at(20 * DAY), version: current.version - 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('CONFLICT');
    const extended = await putRound({ closesAt: at(20 * DAY), version: current.version });
    expect(extended.status).toBe(200);

    const revision = await untilStatus(
      () =>
        t.api('POST', `/proposals/${returnedId}/revisions`, {
          token: parepare,
          body: small({ districtCode: '73.72', commodity: 'kakao' }),
        }),
      201,
    );
    expect(revision.status).toBe(201);
    const history = await roundRepository.history(2016);
    expect(history.map((e) => e.type)).toEqual([
      'ROUND_UPDATED',
      'ROUND_UPDATED',
      'ROUND_UPDATED',
      'ROUND_UPDATED',
    ]);
    expect(history.every((e) => e.actor === 'admin@disperin.local')).toBe(true);
    const last = history.at(-1) as any;
    expect(last.before.state).toBe('DRAFT');
    expect(last.after).toMatchObject({ state: 'OPEN', closesAt: extended.body.closesAt });
  });
});

describe('Given 2017 has a rule set but no round yet', () => {
  it('when Makassar submits for 2017, then 409 ROUND_NOT_OPEN says no call has been made; once an admin creates the round, it is accepted', async () => {
    const rules = (await t.api('GET', '/policies/2016', { token: admin })).body;
    const { latestVersion: _l, storedBy: _b, storedAt: _a, version: _v, ...ruleSet } = rules;
    const stored = await t.api('PUT', '/policies/2017', {
      token: admin,
      body: { ...ruleSet, fiscalYear: 2017 },
    });
    expect(stored.status).toBe(201);
    const body = small({ fiscalYear: 2017 });
    const refused = await t.api('POST', '/proposals', { token: makassar, body });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('ROUND_NOT_OPEN');
    expect(refused.body.error.message).toContain('Belum ada putaran perencanaan untuk tahun anggaran 2017');
    expect((await t.api('GET', '/rounds/2017', { token: makassar })).status).toBe(404);

    const created = await t.api('PUT', '/rounds/2017', {
      token: admin,
      body: {
        state: 'OPEN',
        opensAt: at(-DAY),
        closesAt: at(30 * DAY),
        meetingAt: at(40 * DAY),
        reminderDaysBeforeClose: 0,
      },
    });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ fiscalYear: 2017, state: 'OPEN', version: 1 });
    expect((await roundRepository.history(2017)).map((e) => [e.type, e.before])).toEqual([
      ['ROUND_CREATED', null],
    ]);
    const accepted = await untilStatus(() => t.api('POST', '/proposals', { token: makassar, body }), 201);
    expect(accepted.status).toBe(201);
  });
});

describe('Given a 2016 chain with a KEMENPERIN endorsement stage for proposals with an APBN line', () => {
  beforeAll(async () => {
    const chain = (await t.api('GET', '/approval-chains/2016', { token: admin })).body;
    const stored = await t.api('PUT', '/approval-chains/2016', {
      token: admin,
      body: {
        stages: [
          ...chain.stages,
          {
            stage: 'KEMENPERIN',
            name: 'Endorsement Kemenperin',
            approvers: ['endorse@kemenperin.local'],
            sources: ['APBN'],
            remindAfterSeconds: null,
            escalateAfterSeconds: null,
            overdueAfterSeconds: 604800,
          },
        ],
      },
    });
    expect(stored.status).toBe(201);
  });

  it('when a proposal without APBN is approved by KABID_IKM, then its budget is assigned without the KEMENPERIN stage', async () => {
    const body = withoutApbn();
    const created = await t.api('POST', '/proposals', { token: makassar, body });
    expect(created.status).toBe(201);
    expect((await decide(await t.approvalLink(body.title))).status).toBe(200);
    const done = await t.waitForStatus(created.body.id, makassar, [
      'BUDGET_ASSIGNED',
      'WAITLISTED',
      'FAILED',
    ]);
    expect(done.status).toBe('BUDGET_ASSIGNED');
    expect(done.approvals.map((a: any) => a.stage)).toEqual(['KABID_IKM']);
    expect(t.mailsAbout(created.body.id).some((m) => m.to.includes('endorse@kemenperin.local'))).toBe(false);
  });

  it('when a proposal with an APBN line is approved by KABID_IKM, then KEMENPERIN is asked and decides before the budget', async () => {
    const body = small();
    const created = await t.api('POST', '/proposals', { token: makassar, body });
    expect((await decide(await t.approvalLink(body.title))).status).toBe(200);
    const endorse = await t.approvalLink(body.title, { to: 'endorse@kemenperin.local' });
    const waiting = await t.waitForStatus(created.body.id, makassar, ['AWAITING_APPROVAL']);
    expect(waiting.approvalStage).toBe('KEMENPERIN');
    expect((await decide(endorse)).status).toBe(200);
    const done = await t.waitForStatus(created.body.id, makassar, [
      'BUDGET_ASSIGNED',
      'WAITLISTED',
      'FAILED',
    ]);
    expect(done.status).toBe('BUDGET_ASSIGNED');
    expect(done.approvals.map((a: any) => a.stage)).toEqual(['KABID_IKM', 'KEMENPERIN']);
  });
});

describe('Given proposals of three districts, some funded', () => {
  it('when an approver reads the programme, then its allocated total equals the allocation report to the rupiah and APBN stands apart', async () => {
    const programme = await t.api('GET', '/rounds/2016/programme?format=json', { token: approver });
    expect(programme.status).toBe(200);
    const report = await t.api('GET', '/reports/allocations?fiscalYear=2016', { token: auditor });
    const p = programme.body;
    expect(report.body.total).toBeGreaterThan(0);
    expect(p.totals.allocated).toBe(report.body.total);
    expect(p.districts.reduce((s: number, d: any) => s + d.allocated, 0)).toBe(report.body.total);
    expect(p.totals.apbn.allocated + p.totals.regional.allocated).toBe(report.body.total);
    expect(p.totals.apbn.requested).toBe(p.totals.bySource.APBN);
    expect(p.totals.requested).toBe(
      p.totals.bySource.APBN + p.totals.bySource.APBD_PROVINSI + p.totals.bySource.APBD_KABUPATEN_KOTA,
    );
    expect(p.districts.map((d: any) => d.districtCode)).toEqual(['73.71', '73.72']);
    const makassarRow = p.districts[0];
    expect(makassarRow.funding.APBN).toBe(100000000);
    expect(makassarRow.targets.newEntrepreneurs).toBe(80);
    expect(p.silentDistricts).toHaveLength(22);
    expect(p.silentDistricts).not.toContain('73.71');
    expect(p.totals.byCommodity.find((c: any) => c.commodity === 'kakao')).toMatchObject({ kiid: 'kakao' });
    expect((await t.api('GET', '/rounds/2016/programme', { token: makassar })).status).toBe(403);
    expect((await t.api('GET', '/rounds/2016/programme?format=doc', { token: admin })).status).toBe(400);
  });

  it("when the programme is downloaded as a workbook, then read back its totals are the report's and its sheets list every proposal and silent district", async () => {
    const res = await fetch(`${t.url}/rounds/2016/programme?format=xlsx`, {
      headers: { authorization: `Bearer ${auditor}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="program-ikm-2016.xlsx"');
    const sheets = readWorkbook(new Uint8Array(await res.arrayBuffer()));
    expect([...sheets.keys()]).toEqual([
      'Ringkasan',
      'Usulan',
      'Per Kabupaten-Kota',
      'Per Komoditas',
      'Belum Mengusulkan',
    ]);
    const report = (await t.api('GET', '/reports/allocations?fiscalYear=2016', { token: auditor })).body;
    const programme = (await t.api('GET', '/rounds/2016/programme', { token: auditor })).body;
    const summary = sheets.get('Ringkasan') ?? [];
    expect(summary[0]).toEqual(['Sumber Dana', 'Diusulkan (Rp)', 'Dialokasikan (Rp)']);
    expect(summary[1]).toEqual([
      'APBN (Kemenperin)',
      programme.totals.apbn.requested,
      programme.totals.apbn.allocated,
    ]);
    expect(summary.at(-1)).toEqual(['Jumlah', programme.totals.requested, report.total]);
    const proposals = sheets.get('Usulan') ?? [];
    const ids = programme.districts.flatMap((d: any) => d.proposals.map((p: any) => p.id));
    expect(proposals.slice(1, -1).map((row) => row[2])).toEqual(ids);
    expect(proposals.slice(1, -1).every((row) => row[0] === '73.71' || row[0] === '73.72')).toBe(true);
    expect((sheets.get('Belum Mengusulkan') ?? []).slice(1).map((row) => row[0])).toEqual(
      programme.silentDistricts,
    );
  });

  it('when the programme is downloaded as a PDF, then pdftotext reads back the districts, the figures and who sent nothing', async () => {
    const res = await fetch(`${t.url}/rounds/2016/programme?format=pdf`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const file = join(t.dataDir, 'program-ikm-2016.pdf');
    writeFileSync(file, new Uint8Array(await res.arrayBuffer()));
    // Poppler's reader (Debian poppler-utils; .ci/run installs it when missing).
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    const programme = (await t.api('GET', '/rounds/2016/programme', { token: admin })).body;
    const rupiah = (n: number) => `Rp ${n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, '.')}`;
    expect(text).toContain('Program Pengembangan IKM Provinsi Sulawesi Selatan TA 2016');
    expect(text).toMatch(
      new RegExp(
        `APBN \\(Kemenperin\\)\\s+${rupiah(programme.totals.apbn.requested)}\\s+${rupiah(programme.totals.apbn.allocated)}`,
      ),
    );
    expect(text).toMatch(
      new RegExp(`Jumlah\\s+${rupiah(programme.totals.requested)}\\s+${rupiah(programme.totals.allocated)}`),
    );
    expect(text).toContain('73.71 Kota Makassar');
    for (const id of programme.districts.flatMap((d: any) => d.proposals.map((p: any) => p.id)))
      expect(text).toContain(id);
    expect(text).toContain(`${programme.silentDistricts[0]} `);
  });

  it('when the meeting prints the programme page, then it shows the districts, the rupiah totals and who sent nothing', async () => {
    const res = await t.api('GET', '/rounds/2016/programme?format=html', { token: admin });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.text).toContain('Program Pengembangan IKM Provinsi Sulawesi Selatan TA 2016');
    expect(res.text).toContain('73.71 Kota Makassar');
    expect(res.text).toContain('APBN (Kemenperin)');
    expect(res.text).toMatch(/Rp \d{1,3}(\.\d{3})+/);
    expect(res.text).toContain('WITA');
  });
});

describe('Given the reminder falls due three days before the close', () => {
  const isReminder = (m: { subject: string }) =>
    m.subject.startsWith('Pengingat: pengajuan usulan program IKM TA 2016');
  const reminded = () => t.stack.inbox.messages().filter(isReminder);

  it('when the reminder function runs on its schedule, then each district that sent nothing is mailed once, and no more after more runs and a restart', async () => {
    expect((await putRound({ closesAt: at(2 * DAY), reminderDaysBeforeClose: 3 })).status).toBe(200);
    const silent = (await t.api('GET', '/rounds/2016/programme', { token: admin })).body
      .silentDistricts as string[];
    expect(silent).toHaveLength(22);
    const deadline = Date.now() + 20_000;
    while (reminded().length < silent.length && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 200));
    const contacts = (code: string) => `industri.${code.replace('.', '')}@kabkota.local`;
    expect(
      reminded()
        .flatMap((m) => m.to)
        .sort(),
    ).toEqual(silent.map(contacts).sort());
    expect(reminded().every((m) => m.text.includes('WITA'))).toBe(true);

    await new Promise((r) => setTimeout(r, 3000));
    await t.restart();
    await new Promise((r) => setTimeout(r, 3000));
    expect(reminded()).toHaveLength(silent.length);
    const marks = await queryAll({
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :mail)',
      ExpressionAttributeValues: toItem({ ':pk': keys.roundReminder(2016, '', '').PK, ':mail': 'MAIL#' }),
    });
    expect(marks.map((m) => fromItem<{ status: string }>(m).status)).toEqual(silent.map(() => 'SENT'));
  }, 60_000);
});

describe('Given the meeting has agreed the programme', () => {
  let pendingId: string;

  it('when an admin finalises the round, then the snapshot is version 1, the round FINAL and closed to submissions', async () => {
    const body = withoutApbn({ districtCode: '73.73', commodity: 'kopi' });
    const created = await t.api('POST', '/proposals', { token: palopo, body });
    expect(created.status).toBe(201);
    pendingId = created.body.id;
    await t.waitForStatus(pendingId, palopo, ['AWAITING_APPROVAL']);

    const finalised = await t.api('POST', '/rounds/2016/finalise', { token: admin });
    expect(finalised.status).toBe(200);
    expect(finalised.body).toMatchObject({ fiscalYear: 2016, state: 'FINAL', snapshotVersion: 1 });
    expect((await t.api('GET', '/rounds/2016', { token: palopo })).body.state).toBe('FINAL');
    const late = await untilStatus(
      () => t.api('POST', '/proposals', { token: palopo, body: withoutApbn({ districtCode: '73.73' }) }),
      409,
    );
    expect(late.body.error.code).toBe('ROUND_CLOSED');
    const edit = await putRound({ closesAt: at(30 * DAY) });
    expect(edit.status).toBe(409);
    expect(
      (await t.api('GET', '/rounds/2016/programme?against=snapshot', { token: auditor })).body.changes,
    ).toEqual([]);
  });

  it('when a proposal of the snapshot is approved afterwards, then the programme shows it as a change from the snapshot', async () => {
    const title = (await t.api('GET', `/proposals/${pendingId}`, { token: palopo })).body.title;
    expect((await decide(await t.approvalLink(title))).status).toBe(200);
    await t.waitForStatus(pendingId, palopo, ['BUDGET_ASSIGNED']);
    const diff = await t.api('GET', '/rounds/2016/programme?against=snapshot', { token: auditor });
    expect(diff.status).toBe(200);
    expect(diff.body.snapshotVersion).toBe(1);
    expect(diff.body.changes).toHaveLength(1);
    const change = diff.body.changes[0];
    expect(change).toMatchObject({ proposalId: pendingId, districtCode: '73.73', change: 'CHANGED' });
    expect(change.fields.find((f: any) => f.field === 'status')).toEqual({
      field: 'status',
      snapshot: 'AWAITING_APPROVAL',
      now: 'BUDGET_ASSIGNED',
    });
    expect(change.fields.find((f: any) => f.field === 'allocated')).toEqual({
      field: 'allocated',
      snapshot: 0,
      now: 120000000,
    });
    const snapshot = await roundRepository.snapshot(2016, 1);
    if (!snapshot) throw new Error('snapshot 1 missing');
    expect((snapshot.programme as any).totals.allocated).toBeLessThan(
      (await t.api('GET', '/rounds/2016/programme', { token: admin })).body.totals.allocated,
    );
  });
});
