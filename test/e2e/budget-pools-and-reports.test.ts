import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as poolRepository from '../../functions/adapters/dynamodb/pool-repository.js';
import { startTestStack, type TestStack, validProposal } from '../support/local-stack.js';

/**
 * Budget pools and the allocation report on the real local stack: the gateway and handlers,
 * DynamoDB Local, and the workflow engine that approves proposals into (or out of) the waitlist.
 */
let t: TestStack;
let admin: string;
let auditor: string;
let approver: string;
let parepare: string;
let makassar: string;

beforeAll(async () => {
  t = await startTestStack();
  [admin, auditor, approver, parepare, makassar] = await Promise.all([
    t.token('admin', { email: 'admin@disperin.local' }),
    t.token('auditor'),
    t.token('approver', { stage: 'KABID_IKM' }),
    t.token('submitter', { districtCode: '73.72' }),
    t.token('submitter', { districtCode: '73.71' }),
  ]);
}, 60_000);

afterAll(async () => {
  await t?.stop();
});

const putCeiling = (path: string, ceiling: unknown, token = admin) =>
  t.api('PUT', `/budget-pools/${path}`, { token, body: { ceiling } });

const poolOf = async (source: string, districtCode?: string) => {
  const list = await t.api('GET', '/budget-pools?fiscalYear=2016', { token: auditor });
  return list.body.items.find(
    (p: any) => p.source === source && (source !== 'APBD_KABUPATEN_KOTA' || p.districtCode === districtCode),
  );
};

/** Submits a proposal, approves it through its email link and waits for the budget step's verdict. */
async function approved(body: Record<string, any>, token: string): Promise<any> {
  const created = await t.api('POST', '/proposals', { token, body });
  expect(created.status).toBe(201);
  const link = await t.approvalLink(body.title);
  const decided = await fetch(link, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'decision=approve',
  });
  expect(decided.status).toBe(200);
  return t.waitForStatus(created.body.id, token, ['BUDGET_ASSIGNED', 'WAITLISTED', 'FAILED']);
}

describe('GET /budget-pools', () => {
  it('lists the seeded 2016 pools in source order with totals per source', async () => {
    const res = await t.api('GET', '/budget-pools?fiscalYear=2016', { token: admin });
    expect(res.status).toBe(200);
    expect(res.body.fiscalYear).toBe(2016);
    expect(res.body.items).toHaveLength(26);
    expect(res.body.items[0]).toEqual({
      fiscalYear: 2016,
      source: 'APBN',
      ceiling: 25_000_000_000,
      allocated: 0,
      remaining: 25_000_000_000,
      waiting: 0,
    });
    expect(res.body.items[1].source).toBe('APBD_PROVINSI');
    expect(res.body.items[2]).toMatchObject({ source: 'APBD_KABUPATEN_KOTA', districtCode: '73.01' });
    expect(res.body.totals).toEqual({
      APBN: { ceiling: 25_000_000_000, allocated: 0, remaining: 25_000_000_000 },
      APBD_PROVINSI: { ceiling: 10_000_000_000, allocated: 0, remaining: 10_000_000_000 },
      APBD_KABUPATEN_KOTA: { ceiling: 36_000_000_000, allocated: 0, remaining: 36_000_000_000 },
    });
  });

  it('is open to approvers and auditors, closed to submitters, and needs a fiscal year', async () => {
    expect((await t.api('GET', '/budget-pools?fiscalYear=2016', { token: approver })).status).toBe(200);
    expect((await t.api('GET', '/budget-pools?fiscalYear=2016', { token: auditor })).status).toBe(200);
    const submitter = await t.api('GET', '/budget-pools?fiscalYear=2016', { token: parepare });
    expect(submitter.status).toBe(403);
    expect(submitter.body.error.code).toBe('FORBIDDEN');
    const missing = await t.api('GET', '/budget-pools', { token: admin });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ path: 'fiscalYear' }],
    });
    expect(missing.body.error.message).toMatch(/wajib/);
    expect((await t.api('GET', '/budget-pools?fiscalYear=16', { token: admin })).status).toBe(400);
    const empty = await t.api('GET', '/budget-pools?fiscalYear=2030', { token: admin });
    expect(empty.body.items).toEqual([]);
  });
});

describe('PUT /budget-pools', () => {
  it('raises and lowers a ceiling, moving remaining by the same delta, with an audit event each', async () => {
    const raised = await putCeiling('2016/APBD_KABUPATEN_KOTA/73.01', 2_000_000_000);
    expect(raised.status).toBe(200);
    expect(raised.body).toEqual({
      pool: {
        fiscalYear: 2016,
        source: 'APBD_KABUPATEN_KOTA',
        districtCode: '73.01',
        ceiling: 2_000_000_000,
        allocated: 0,
        remaining: 2_000_000_000,
        waiting: 0,
      },
      funded: [],
    });
    const lowered = await putCeiling('2016/APBD_KABUPATEN_KOTA/73.01', 750_000_000);
    expect(lowered.status).toBe(200);
    expect(lowered.body.pool).toMatchObject({ ceiling: 750_000_000, remaining: 750_000_000 });
    expect(await poolOf('APBD_KABUPATEN_KOTA', '73.01')).toMatchObject({ ceiling: 750_000_000 });

    const trail = await poolRepository.history({
      fiscalYear: 2016,
      source: 'APBD_KABUPATEN_KOTA',
      districtCode: '73.01',
    });
    expect(trail).toEqual([
      expect.objectContaining({
        type: 'POOL_CEILING_CHANGED',
        actor: 'admin@disperin.local',
        fromCeiling: 1_500_000_000,
        toCeiling: 2_000_000_000,
        note: expect.stringContaining('Rp 2.000.000.000'),
      }),
      expect.objectContaining({ fromCeiling: 2_000_000_000, toCeiling: 750_000_000 }),
    ]);
  });

  it('creates a pool of a new year (201) and repeats an equal ceiling without a new event', async () => {
    const created = await putCeiling('2017/APBN', 30_000_000_000);
    expect(created.status).toBe(201);
    expect(created.body.pool).toEqual({
      fiscalYear: 2017,
      source: 'APBN',
      ceiling: 30_000_000_000,
      allocated: 0,
      remaining: 30_000_000_000,
      waiting: 0,
    });
    const district = await putCeiling('2017/APBD_KABUPATEN_KOTA/73.71', 1_000_000_000);
    expect(district.status).toBe(201);
    const again = await putCeiling('2017/APBN', 30_000_000_000);
    expect(again.status).toBe(200);
    expect(await poolRepository.history({ fiscalYear: 2017, source: 'APBN' })).toEqual([
      expect.objectContaining({ type: 'POOL_CREATED', fromCeiling: null, toCeiling: 30_000_000_000 }),
    ]);
    const list = await t.api('GET', '/budget-pools?fiscalYear=2017', { token: auditor });
    expect(list.body.items.map((p: any) => p.districtCode ?? p.source)).toEqual(['APBN', '73.71']);
  });

  it.each([
    ['2017/APBD_KABUPATEN_KOTA', 1, 'districtCode'],
    ['2017/APBN/73.71', 1, 'districtCode'],
    ['2017/APBD_PROVINSI/73.71', 1, 'districtCode'],
    ['2017/APBD_KABUPATEN_KOTA/73.99', 1, 'districtCode'],
    ['2017/DAK', 1, 'source'],
    ['17/APBN', 1, 'fiscalYear'],
    ['2017/APBN', -1, 'ceiling'],
    ['2017/APBN', 1.5, 'ceiling'],
    ['2017/APBN', '1000', 'ceiling'],
  ])('refuses %s with ceiling %j: 400 naming %s', async (path, ceiling, field) => {
    const res = await putCeiling(path, ceiling);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.details.map((d: any) => d.path)).toContain(field);
  });

  it('is for admins only', async () => {
    for (const token of [parepare, approver, auditor]) {
      const res = await putCeiling('2016/APBN', 1, token);
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
    }
    expect((await poolOf('APBN')).ceiling).toBe(25_000_000_000);
  });

  it('never lets concurrent ceiling changes break remaining = ceiling - allocated', async () => {
    const ceilings = [900_000_000, 800_000_000, 700_000_000, 600_000_000, 500_000_000, 400_000_000];
    const results = await Promise.all(ceilings.map((c) => putCeiling('2016/APBD_KABUPATEN_KOTA/73.02', c)));
    for (const r of results) expect([200, 409]).toContain(r.status);
    const won = results.filter((r) => r.status === 200);
    expect(won.length).toBeGreaterThan(0);
    for (const r of results.filter((x) => x.status === 409)) expect(r.body.error.code).toBe('CONFLICT');
    const pool = await poolOf('APBD_KABUPATEN_KOTA', '73.02');
    expect(pool.remaining).toBe(pool.ceiling - pool.allocated);
    const trail = await poolRepository.history({
      fiscalYear: 2016,
      source: 'APBD_KABUPATEN_KOTA',
      districtCode: '73.02',
    });
    expect(trail).toHaveLength(won.length);
    expect(trail.at(-1)?.toCeiling).toBe(pool.ceiling);
  });
});

describe('Given proposals waitlisted on a district pool that is too small', () => {
  let older: any;
  let newer: any;
  let olderBody: Record<string, any>;
  let newerBody: Record<string, any>;

  beforeAll(async () => {
    const shrunk = await putCeiling('2016/APBD_KABUPATEN_KOTA/73.72', 10_000_000);
    expect(shrunk.status).toBe(200);
    olderBody = validProposal({
      districtCode: '73.72',
      commodity: 'kakao',
      title: `Pengolahan kakao Parepare besar ${Date.now()}`,
      funding: [
        { source: 'APBN', amount: 300_000_000 },
        { source: 'APBD_PROVINSI', amount: 150_000_000 },
        { source: 'APBD_KABUPATEN_KOTA', amount: 200_000_000 },
      ],
    });
    newerBody = validProposal({
      districtCode: '73.72',
      commodity: 'kakao',
      title: `Pengolahan kakao Parepare kecil ${Date.now()}`,
    });
    older = await approved(olderBody, parepare);
    newer = await approved(newerBody, parepare);
  }, 60_000);

  it('they are WAITLISTED and nothing was drawn', async () => {
    expect(older.status).toBe('WAITLISTED');
    expect(newer.status).toBe('WAITLISTED');
    expect(await poolOf('APBD_KABUPATEN_KOTA', '73.72')).toMatchObject({
      allocated: 0,
      remaining: 10_000_000,
    });
    expect((await poolOf('APBN')).allocated).toBe(0);
  });

  it('when the pool grows enough for the newer one only, then the newer one is funded and the older waits', async () => {
    const res = await putCeiling('2016/APBD_KABUPATEN_KOTA/73.72', 100_000_000);
    expect(res.status).toBe(200);
    expect(res.body.funded).toEqual([newer.id]);
    expect(res.body.pool).toMatchObject({
      ceiling: 100_000_000,
      allocated: 60_000_000,
      remaining: 40_000_000,
    });

    const funded = await t.api('GET', `/proposals/${newer.id}`, { token: parepare });
    expect(funded.body.status).toBe('BUDGET_ASSIGNED');
    expect(funded.body.allocations).toEqual(newerBody.funding);
    const history = await t.api('GET', `/proposals/${newer.id}/history`, { token: auditor });
    // The last change of status; the district's mail about it follows in the trail.
    expect(history.body.filter((e: any) => e.to).at(-1)).toMatchObject({
      type: 'BUDGET_ASSIGNED',
      from: 'WAITLISTED',
      to: 'BUDGET_ASSIGNED',
      actor: 'admin@disperin.local',
      note: expect.stringMatching(/didanai dari daftar tunggu/i),
    });
    expect((await t.api('GET', `/proposals/${older.id}`, { token: parepare })).body.status).toBe(
      'WAITLISTED',
    );
    expect((await poolOf('APBN')).allocated).toBe(300_000_000);
  });

  it('when a lowering would go below what is allocated, then 409 names the allocated amount', async () => {
    const res = await putCeiling('2016/APBD_KABUPATEN_KOTA/73.72', 50_000_000);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('CONFLICT');
    expect(res.body.error.message).toContain('Rp 60.000.000');
    expect(await poolOf('APBD_KABUPATEN_KOTA', '73.72')).toMatchObject({ ceiling: 100_000_000 });
  });

  it('when the pool grows again, then the older one is funded too', async () => {
    const res = await putCeiling('2016/APBD_KABUPATEN_KOTA/73.72', 1_500_000_000);
    expect(res.body.funded).toEqual([older.id]);
    expect(res.body.pool).toMatchObject({ allocated: 260_000_000, remaining: 1_240_000_000 });
    expect((await t.api('GET', `/proposals/${older.id}`, { token: parepare })).body.status).toBe(
      'BUDGET_ASSIGNED',
    );
    const again = await putCeiling('2016/APBD_KABUPATEN_KOTA/73.72', 1_500_000_000);
    expect(again.body.funded).toEqual([]);
  });

  describe('GET /reports/allocations', () => {
    let makassarProposal: any;

    beforeAll(async () => {
      makassarProposal = await approved(validProposal(), makassar);
      expect(makassarProposal.status).toBe('BUDGET_ASSIGNED');
    }, 60_000);

    it('totals equal the sum of allocations and of what the pools say is allocated', async () => {
      const res = await t.api('GET', '/reports/allocations?fiscalYear=2016&format=json', { token: auditor });
      expect(res.status).toBe(200);
      const report = res.body;
      const expected = [olderBody, newerBody, makassarProposal].flatMap((p) => p.funding);
      const sum = (xs: { amount: number }[]) => xs.reduce((s, x) => s + x.amount, 0);
      expect(report.fiscalYear).toBe(2016);
      expect(report.total).toBe(sum(expected));
      for (const part of [report.byDistrict, report.bySource, report.byCommodity, report.byProgramKind])
        expect(sum(part)).toBe(report.total);
      const pools = await t.api('GET', '/budget-pools?fiscalYear=2016', { token: auditor });
      expect(sum(Object.values(pools.body.totals).map((t: any) => ({ amount: t.allocated })))).toBe(
        report.total,
      );

      expect(report.byDistrict).toEqual([
        { districtCode: '73.71', districtName: 'Kota Makassar', amount: 510_000_000, proposals: 1 },
        { districtCode: '73.72', districtName: 'Kota Parepare', amount: 1_160_000_000, proposals: 2 },
      ]);
      expect(report.bySource).toContainEqual({
        source: 'APBD_KABUPATEN_KOTA',
        sourceName: 'APBD Kabupaten/Kota',
        amount: 320_000_000,
        proposals: 3,
      });
      expect(report.byCommodity).toEqual([
        { commodity: 'kakao', amount: 1_160_000_000, proposals: 2 },
        { commodity: 'kerajinan kulit', amount: 510_000_000, proposals: 1 },
      ]);
      expect(report.byProgramKind).toEqual([
        expect.objectContaining({ programKind: 'WIRAUSAHA_BARU', amount: 1_670_000_000, proposals: 3 }),
      ]);
    });

    it('as CSV: an attachment with the header and one row per allocation line', async () => {
      const res = await t.api('GET', '/reports/allocations?fiscalYear=2016&format=csv', { token: approver });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(res.headers.get('content-disposition')).toBe('attachment; filename="alokasi-2016.csv"');
      const rows = res.text.split('\r\n');
      // text() drops the byte order mark; the bytes show it is there for Excel.
      expect(rows[0]).toBe('districtCode,districtName,proposalId,programKind,commodity,source,amount');
      const bytes = await fetch(`${t.url}/reports/allocations?fiscalYear=2016&format=csv`, {
        headers: { authorization: `Bearer ${approver}` },
      }).then((r) => r.arrayBuffer());
      expect([...new Uint8Array(bytes).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(rows).toContain(
        `="73.72",Kota Parepare,="${newer.id}",WIRAUSAHA_BARU,kakao,APBD_KABUPATEN_KOTA,60000000`,
      );
      expect(rows.filter((r) => r !== '')).toHaveLength(1 + 9);
    });

    it('Given format=xlsx, then a real workbook comes back that reads as the same report', async () => {
      const res = await fetch(`${t.url}/reports/allocations?fiscalYear=2016&format=xlsx`, {
        headers: { authorization: `Bearer ${auditor}` },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      );
      expect(res.headers.get('content-disposition')).toBe('attachment; filename="alokasi-2016.xlsx"');
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(await res.arrayBuffer());
      const json = (await t.api('GET', '/reports/allocations?fiscalYear=2016', { token: auditor })).body;
      const districts = workbook.getWorksheet('Per Kabupaten-Kota') as ExcelJS.Worksheet;
      const rows = json.byDistrict.map((_: unknown, i: number) => districts.getRow(i + 2));
      expect(rows.map((r: ExcelJS.Row) => [r.getCell(1).value, r.getCell(3).value])).toEqual(
        json.byDistrict.map((d: any) => [d.districtCode, d.amount]),
      );
      const detail = workbook.getWorksheet('Rincian Alokasi') as ExcelJS.Worksheet;
      expect(detail.actualRowCount).toBe(1 + 9 + 1);
    });

    it('refuses submitters, an unknown format and a missing year', async () => {
      const submitter = await t.api('GET', '/reports/allocations?fiscalYear=2016', { token: makassar });
      expect(submitter.status).toBe(403);
      const format = await t.api('GET', '/reports/allocations?fiscalYear=2016&format=xls', { token: admin });
      expect(format.status).toBe(400);
      expect(format.body.error.details).toEqual([
        { path: 'format', message: expect.stringContaining('xls') },
      ]);
      expect((await t.api('GET', '/reports/allocations', { token: admin })).status).toBe(400);
      const empty = await t.api('GET', '/reports/allocations?fiscalYear=2017', { token: admin });
      expect(empty.body).toMatchObject({ fiscalYear: 2017, total: 0, byDistrict: [] });
    });
  });
});
