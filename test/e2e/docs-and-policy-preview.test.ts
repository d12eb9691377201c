import { get, type IncomingMessage } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HTTP_ROUTES } from '../../infra/routes.js';
import { startTestStack, type TestStack, validProposal } from '../support/local-stack.js';

/** The API's own documentation and the policy preview, through the local gateway. */
let t: TestStack;
let makassar: string;
let gowa: string;
let admin: string;
let approver: string;

beforeAll(async () => {
  t = await startTestStack();
  [makassar, gowa, admin, approver] = await Promise.all([
    t.token('submitter', { districtCode: '73.71' }),
    t.token('submitter', { districtCode: '73.06' }),
    t.token('admin'),
    t.token('approver', { stage: 'KABID_IKM' }),
  ]);
}, 60_000);

afterAll(async () => {
  await t?.stop();
});

describe('GET /openapi.json and GET /docs', () => {
  it('Given no token, when the document is fetched, then it is valid OpenAPI 3.1 naming every route', async () => {
    const res = await t.api('GET', '/openapi.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const result = await new Validator().validate(res.body);
    expect(result.valid).toBe(true);
    for (const route of HTTP_ROUTES) {
      const path = route.path.replace(/\{(\w+)\+\}/g, '{$1}');
      expect(
        res.body.paths[path]?.[route.method.toLowerCase()],
        `${route.method} ${route.path}`,
      ).toBeDefined();
    }
  });

  it('Given no token, when the docs page is opened, then it loads the renderer from this server only', async () => {
    const page = await t.api('GET', '/docs');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<html lang="id">');
    const sources = [...page.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] as string);
    expect(sources.every((s) => s.startsWith('/'))).toBe(true);
    for (const asset of sources.filter((s) => s.startsWith('/docs/'))) {
      const res = await fetch(t.url + asset);
      expect(res.status, asset).toBe(200);
    }
  });

  it('Given a browser that accepts gzip, when the renderer script is fetched, then it comes compressed and whole', async () => {
    // fetch would inflate the body itself; node:http shows the bytes as sent.
    const res = await new Promise<IncomingMessage>((resolve, reject) =>
      get(`${t.url}/docs/swagger-ui-bundle.js`, { headers: { 'accept-encoding': 'gzip' } }, resolve).on(
        'error',
        reject,
      ),
    );
    const chunks: Buffer[] = [];
    for await (const chunk of res) chunks.push(chunk as Buffer);
    expect(res.headers['content-type']).toMatch(/^text\/javascript/);
    expect(res.headers['content-encoding']).toBe('gzip');
    const text = gunzipSync(Buffer.concat(chunks)).toString();
    expect(text).toContain('SwaggerUIBundle');
  });

  it('Given a path that tries to leave the docs folder, then it is not found', async () => {
    expect((await fetch(`${t.url}/docs/..%2Fpackage.json`)).status).toBe(404);
    expect((await fetch(`${t.url}/docs/nothing.js`)).status).toBe(404);
  });
});

describe('POST /policy-checks', () => {
  it('Given a proposal whose cost per job is too high, when previewed, then it shows the warning and stores nothing', async () => {
    const body = validProposal({ targets: { newEntrepreneurs: 40, jobsCreated: 2, ikmUnits: 20 } });
    const before = await t.api('GET', '/proposals?fiscalYear=2016', { token: makassar });
    const mailsBefore = t.stack.inbox.messages().length;

    const res = await t.api('POST', '/policy-checks', { token: makassar, body });
    expect(res.status).toBe(200);
    expect(res.body.ruleSetVersion).toBe(1);
    expect(res.body.outcome).toBe('WARN');
    expect(res.body.findings).toEqual([
      expect.objectContaining({ ruleId: 'target-wajar', severity: 'WARNING', source: 'PROVINSI' }),
    ]);

    const after = await t.api('GET', '/proposals?fiscalYear=2016', { token: makassar });
    expect(after.body.items).toEqual(before.body.items);
    expect(t.stack.inbox.messages().length).toBe(mailsBefore);
  });

  it('Given a commodity outside every list, when previewed, then the outcome is FAIL with the blocking finding', async () => {
    const res = await t.api('POST', '/policy-checks', {
      token: makassar,
      body: validProposal({ commodity: 'nikel' }),
    });
    expect(res.status).toBe(200);
    expect(res.body.outcome).toBe('FAIL');
    expect(res.body.findings.map((f: any) => f.ruleId)).toContain('komoditas-unggulan-kiid');
  });

  it('Given a valid proposal, then a submitter of the district and an admin get PASS', async () => {
    const body = validProposal();
    expect((await t.api('POST', '/policy-checks', { token: makassar, body })).body.outcome).toBe('PASS');
    expect((await t.api('POST', '/policy-checks', { token: admin, body })).body.outcome).toBe('PASS');
  });

  it('Given another district, an approver or no token, then the preview is refused', async () => {
    const body = validProposal();
    expect((await t.api('POST', '/policy-checks', { token: gowa, body })).status).toBe(403);
    expect((await t.api('POST', '/policy-checks', { token: approver, body })).status).toBe(403);
    expect((await t.api('POST', '/policy-checks', { body })).status).toBe(401);
  });

  it('Given an invalid body, then 400 lists every problem in the API error shape', async () => {
    const res = await t.api('POST', '/policy-checks', {
      token: makassar,
      body: validProposal({ title: 'x', funding: [{ source: 'APBN', amount: -1 }] }),
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.details.map((d: any) => d.path)).toEqual(
      expect.arrayContaining(['title', 'funding.0.amount']),
    );
  });

  it('Given a fiscal year without rules, then 404 says so', async () => {
    const res = await t.api('POST', '/policy-checks', {
      token: makassar,
      body: validProposal({ fiscalYear: 2030 }),
    });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
  });
});
