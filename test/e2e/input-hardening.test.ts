import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack, validProposal } from '../support/local-stack.js';

/** Bad input at the door, on the real local stack: a clear 4xx, nothing stored, never a 500. */
let t: TestStack;
let makassar: string;
let auditor: string;

beforeAll(async () => {
  t = await startTestStack();
  makassar = await t.token('submitter', { districtCode: '73.71' });
  auditor = await t.token('auditor');
}, 60_000);

afterAll(async () => {
  await t?.stop();
});

const proposalsOf = async (fiscalYear: number) =>
  (await t.api('GET', `/proposals?fiscalYear=${fiscalYear}`, { token: auditor })).body.items as unknown[];

describe('Content-Type of JSON bodies', () => {
  it.each(['Application/JSON', 'application/json; charset=UTF-8', 'APPLICATION/JSON;charset=utf-8'])(
    'Given Content-Type "%s" When a proposal is posted Then it is accepted (201)',
    async (type) => {
      const res = await t.api('POST', '/proposals', {
        token: makassar,
        body: validProposal(),
        headers: { 'content-type': type },
      });
      expect(res.status).toBe(201);
    },
  );

  it('Given Content-Type application/jsonx When a proposal is posted Then it is refused with 415', async () => {
    const res = await t.api('POST', '/proposals', {
      token: makassar,
      body: validProposal(),
      headers: { 'content-type': 'application/jsonx' },
    });
    expect(res.status).toBe(415);
    expect(res.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });
});

describe('A fiscal year without a rule set', () => {
  it('Given no rule set for 2017 When a proposal for 2017 is posted Then 422 NO_RULE_SET names the year and nothing is stored', async () => {
    const res = await t.api('POST', '/proposals', {
      token: makassar,
      body: validProposal({ fiscalYear: 2017 }),
    });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('NO_RULE_SET');
    expect(res.body.error.message).toContain('2017');
    expect(await proposalsOf(2017)).toEqual([]);
  });
});

describe('Rupiah caps', () => {
  it('Given three funding lines each just under 2^53 When posted Then 400 lists each line and nothing is stored', async () => {
    const huge = Number.MAX_SAFE_INTEGER - 1;
    const body = validProposal({
      funding: [
        { source: 'APBN', amount: huge },
        { source: 'APBD_PROVINSI', amount: huge },
        { source: 'APBD_KABUPATEN_KOTA', amount: huge },
      ],
    });
    const res = await t.api('POST', '/proposals', { token: makassar, body });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toEqual([
      'funding.0.amount',
      'funding.1.amount',
      'funding.2.amount',
    ]);
    // Nothing stored: no proposal of the year has its (unique) title. (Counting the year's list
    // would race the earlier tests' proposals moving between statuses.)
    const titles = ((await proposalsOf(2016)) as Array<{ title: string }>).map((p) => p.title);
    expect(titles).not.toContain(body.title);
  });

  it('Given three lines at the cap When posted Then it is stored with an exact total of Rp 3 triliun', async () => {
    const cap = 1_000_000_000_000;
    const res = await t.api('POST', '/proposals', {
      token: makassar,
      body: validProposal({
        funding: [
          { source: 'APBN', amount: cap },
          { source: 'APBD_PROVINSI', amount: cap },
          { source: 'APBD_KABUPATEN_KOTA', amount: cap },
        ],
      }),
    });
    expect(res.status).toBe(201);
    expect(res.body.totalAmount).toBe(3 * cap);
  });

  it('Given a pool ceiling past the cap When an admin sets it Then 400 and the pool is unchanged', async () => {
    const admin = await t.token('admin');
    const before = (await t.api('GET', '/budget-pools?fiscalYear=2016', { token: admin })).text;
    const res = await t.api('PUT', '/budget-pools/2016/APBN', {
      token: admin,
      body: { ceiling: Number.MAX_SAFE_INTEGER },
    });
    expect(res.status).toBe(400);
    expect((await t.api('GET', '/budget-pools?fiscalYear=2016', { token: admin })).text).toBe(before);
  });
});

describe('Email links: HEAD and a trailing slash', () => {
  it('Given an approval link When it is opened with HEAD, with a trailing slash, or both Then it answers like GET (HEAD without a body) and changes nothing', async () => {
    const body = validProposal();
    const created = await t.api('POST', '/proposals', { token: makassar, body });
    const link = await t.approvalLink(body.title);
    await t.waitForStatus(created.body.id, makassar, ['AWAITING_APPROVAL']);
    const history = async () =>
      (await t.api('GET', `/proposals/${created.body.id}/history`, { token: auditor })).text;
    // The approval mail is marked sent just after it reaches the inbox: compare from then on.
    await t.settledHistory(created.body.id, auditor);
    const before = await history();

    const head = await fetch(link, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toContain('text/html');
    expect(await head.text()).toBe('');

    const slash = await fetch(`${link}/`);
    expect(slash.status).toBe(200);
    expect(await slash.text()).toContain(body.title);

    const headSlash = await fetch(`${link}/`, { method: 'HEAD' });
    expect(headSlash.status).toBe(200);

    expect(await history()).toBe(before);
    expect((await t.api('GET', `/proposals/${created.body.id}`, { token: auditor })).body.status).toBe(
      'AWAITING_APPROVAL',
    );

    // The link still decides after all that probing.
    const decided = await fetch(`${link}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'decision=approve&note=',
    });
    expect(decided.status).toBe(200);
  });

  it('Given an unknown action id When opened with HEAD Then 404 without a body', async () => {
    const res = await fetch(`${t.url}/actions/${'x'.repeat(43)}`, { method: 'HEAD' });
    expect(res.status).toBe(404);
    expect(await res.text()).toBe('');
  });
});
