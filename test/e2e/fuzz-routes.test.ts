import { readFileSync, writeFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { type AttributeValue, ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoDb, tableName } from '../../functions/adapters/dynamodb/client.js';
import {
  FUNDING_SOURCES,
  PROGRAM_KINDS,
  PROPOSAL_STATUSES,
  proposalInputSchema,
  totalOf,
} from '../../functions/domain/proposal.js';
import { PROJECT_ROOT } from '../../infra/local/local-stack.js';
import { HTTP_ROUTES, type HttpRoute } from '../../infra/routes.js';
import { startTestStack, type TestStack, validProposal } from '../support/local-stack.js';

/**
 * Generated requests against one real local stack: every route of HTTP_ROUTES with generated path
 * parameters, query strings, headers, bodies and tokens of each role, and the email-link form with
 * generated decisions and notes (prototype keys included). Not one answer may be a 5xx, and
 * afterwards every proposal, revision, pool and allocation stored must still be valid.
 *
 * The budget is a number of requests, not seconds; FUZZ_SEED replays a run.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20_161_201);
const API_REQUESTS = 3_900;
const ACTION_REQUESTS = 1_300;
const CONCURRENCY = 8;
const BUSY_RETRIES = 10;
const PROPOSALS_AWAITING = 6;

let t: TestStack;
let tokens: (string | undefined)[];
let realProposalIds: string[] = [];
let realActionIds: string[] = [];

beforeAll(async () => {
  t = await startTestStack();
  const makassar = await t.token('submitter', { districtCode: '73.71' });
  tokens = [
    makassar,
    await t.token('submitter', { districtCode: '73.01' }),
    await t.token('approver', { stage: 'KABID_IKM' }),
    await t.token('approver', { stage: 'KADIS' }),
    await t.token('admin'),
    await t.token('auditor'),
    undefined,
    'not-a-token',
    `${makassar.slice(0, -4)}AAAA`,
  ];
  // Real proposals waiting for approval, so that generated requests also reach real records and
  // the action form reaches live links.
  const bodies = Array.from({ length: PROPOSALS_AWAITING }, () => validProposal());
  for (const body of bodies) {
    const created = await t.api('POST', '/proposals', { token: makassar, body });
    expect(created.status).toBe(201);
    realProposalIds.push(created.body.id);
  }
  for (const body of bodies) {
    const link = await t.approvalLink(body.title, 30_000);
    realActionIds.push(link.slice(link.lastIndexOf('/') + 1));
  }
  realProposalIds = [...new Set(realProposalIds)];
  realActionIds = [...new Set(realActionIds)];
}, 120_000);

afterAll(async () => {
  await t?.stop();
});

// ---------------------------------------------------------------------------------------------
// Arbitraries
// ---------------------------------------------------------------------------------------------

const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'toString', 'prototype', 'hasOwnProperty', 'valueOf'];

const nasty = fc.oneof(
  fc.constantFrom(
    ...PROTOTYPE_KEYS,
    '..',
    '.',
    ' ',
    'null',
    'undefined',
    '0',
    '-1',
    'NaN',
    'Infinity',
    '1e309',
    '%',
    '%00',
    '%E0%A4%A',
    'A'.repeat(300),
    '😀',
    '<script>alert(1)</script>',
    "' OR 1=1 --",
    '{"$ne":null}',
  ),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
);

const fiscalYearParam = fc.oneof(
  fc.constantFrom('2016', '2016', '2017', '1999', '2101', '0', '-1', '2016.5', '1e3', '02016', ' 2016'),
  fc.integer({ min: -5000, max: 5000 }).map(String),
  nasty,
);
const districtParam = fc.oneof(
  fc.constantFrom('73.71', '73.01', '73.72', '73.99', '74.01', '73.7', '73_71'),
  nasty,
);
const sourceParam = fc.oneof(fc.constantFrom(...FUNDING_SOURCES, 'apbn', 'APBD'), nasty);
const idParam = () =>
  fc.oneof(
    fc.constantFrom(...realProposalIds),
    fc.stringMatching(/^[0-9A-Z]{26}$/),
    fc.stringMatching(/^[0-9a-z]{26}$/),
    nasty,
  );

function paramArb(name: string): fc.Arbitrary<string> {
  switch (name) {
    case 'fiscalYear':
      return fiscalYearParam;
    case 'districtCode':
    case 'code':
      return districtParam;
    case 'source':
      return sourceParam;
    case 'id':
      return idParam();
    default:
      return nasty;
  }
}

/** A path segment as a client sends it: mostly percent-encoded, sometimes raw where that is a valid URL. */
const segment = (value: fc.Arbitrary<string>) =>
  fc
    .tuple(value, fc.boolean())
    .map(([v, raw]) => (raw && /^[A-Za-z0-9._~%-]+$/.test(v) ? v : encodeURIComponent(v)));

const queryValue = fc.oneof(
  fc.constantFrom('2016', '2017', 'json', 'csv', 'xlsx', '73.71', '73.01', '10', '0', '-5', '1000', '1', ''),
  fc.constantFrom(...PROPOSAL_STATUSES, 'submitted', 'KABID_IKM', 'pending'),
  fc.jsonValue({ maxDepth: 2 }).map((v) => Buffer.from(JSON.stringify(v) ?? 'null').toString('base64url')),
  nasty,
);
const queryString = fc
  .array(
    fc.tuple(
      fc.oneof(
        fc.constantFrom(
          'fiscalYear',
          'districtCode',
          'status',
          'cursor',
          'limit',
          'format',
          'version',
          'stage',
        ),
        fc.constantFrom(...PROTOTYPE_KEYS),
        fc.string({ maxLength: 10 }),
      ),
      queryValue,
    ),
    { maxLength: 5 },
  )
  .map((pairs) => new URLSearchParams(pairs).toString());

const amount = fc.oneof(
  fc.integer({ min: 1, max: 2_000_000_000_000 }),
  fc.constantFrom(
    0,
    -1,
    1.5,
    1e308,
    Number.MAX_SAFE_INTEGER,
    2 ** 53 + 2,
    999_999_999_999,
    1_000_000_000_000,
  ),
  fc.jsonValue({ maxDepth: 1 }),
);

/** Sets (or, for `undefined`, deletes) a value at a dotted path, creating what is missing. */
function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let node: Record<string, unknown> = target;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    if (next === null || typeof next !== 'object') {
      // Own data properties only, so even "__proto__" is a plain key here.
      Object.defineProperty(node, part, { value: {}, enumerable: true, writable: true, configurable: true });
    }
    node = node[part] as Record<string, unknown>;
  }
  const last = parts.at(-1) as string;
  if (value === undefined) delete node[last];
  else Object.defineProperty(node, last, { value, enumerable: true, writable: true, configurable: true });
}

/** Up to three changes to a valid body; a third of the bodies stay valid, to reach what lies behind validation. */
const mutation = (paths: readonly string[], values: fc.Arbitrary<unknown>) =>
  fc.oneof(
    fc.constant([] as [string, unknown][]),
    fc.array(fc.tuple(fc.constantFrom(...paths), fc.option(values, { nil: undefined })), {
      minLength: 1,
      maxLength: 3,
    }),
    fc.array(fc.tuple(fc.constantFrom(...paths), fc.option(values, { nil: undefined })), {
      minLength: 1,
      maxLength: 3,
    }),
  );

const anyValue = fc.oneof(fc.jsonValue({ maxDepth: 3 }), nasty, amount);

const PROPOSAL_PATHS = [
  'fiscalYear',
  'districtCode',
  'title',
  'programKind',
  'commodity',
  'description',
  'targets',
  'targets.newEntrepreneurs',
  'targets.jobsCreated',
  'targets.__proto__',
  'funding',
  'funding.0',
  'funding.0.amount',
  'funding.0.source',
  'funding.1.amount',
  'funding.2.amount',
  'funding.3',
  '__proto__',
  'constructor',
  'extra',
] as const;

const proposalBody = fc
  .tuple(
    fc.constantFrom('73.71', '73.71', '73.71', '73.01', '73.72'),
    fc.constantFrom(...PROGRAM_KINDS),
    mutation(PROPOSAL_PATHS, fc.oneof(anyValue, amount)),
  )
  .map(([districtCode, programKind, mutations]) => {
    const body = JSON.parse(JSON.stringify(validProposal({ districtCode, programKind }))) as Record<
      string,
      unknown
    >;
    for (const [path, value] of mutations) setPath(body, path, value);
    return JSON.stringify(body);
  });

const policyDocument = JSON.parse(
  readFileSync(join(PROJECT_ROOT, 'data/policies/2016.json'), 'utf8'),
) as Record<string, unknown>;
const POLICY_PATHS = [
  'fiscalYear',
  'version',
  'description',
  'effectiveFrom',
  'rules',
  'rules.0',
  'rules.0.params',
  'rules.0.severity',
  'rules.3.params',
  'rules.5.params.defaultCeiling',
  '__proto__',
] as const;
const policyBody = mutation(POLICY_PATHS, anyValue).map((mutations) => {
  const body = JSON.parse(JSON.stringify(policyDocument)) as Record<string, unknown>;
  for (const [path, value] of mutations) setPath(body, path, value);
  return JSON.stringify(body);
});

const chainDocument = JSON.parse(
  readFileSync(join(PROJECT_ROOT, 'data/approval-chains/2016.json'), 'utf8'),
) as Record<string, unknown>;
const CHAIN_PATHS = [
  'stages',
  'stages.0',
  'stages.0.stage',
  'stages.0.approvers',
  'stages.0.minTotal',
  'stages.1.minTotal',
  'stages.1.approvers.0',
  'stages.1.sources',
  'stages.0.__proto__',
  'fiscalYear',
] as const;
const chainBody = mutation(CHAIN_PATHS, anyValue).map((mutations) => {
  const body = JSON.parse(JSON.stringify(chainDocument)) as Record<string, unknown>;
  for (const [path, value] of mutations) setPath(body, path, value);
  return JSON.stringify(body);
});

const noteBody = fc
  .record({ note: fc.oneof(fc.string({ maxLength: 300 }), anyValue) }, { requiredKeys: [] })
  .map((v) => JSON.stringify(v));

const poolBody = fc.oneof(
  amount.map((ceiling) => JSON.stringify({ ceiling })),
  fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)),
);
const districtBody = fc
  .record(
    {
      contactEmails: fc.oneof(fc.array(fc.oneof(fc.emailAddress(), nasty), { maxLength: 4 }), anyValue),
      name: fc.oneof(fc.string({ maxLength: 60 }), anyValue),
      leadingCommodities: fc.oneof(fc.array(fc.string({ maxLength: 20 }), { maxLength: 4 }), anyValue),
      __proto__: anyValue,
    },
    { requiredKeys: [] },
  )
  .map((v) => JSON.stringify(v));

const rawJunk = fc.oneof(
  fc.constantFrom('', 'null', '[]', '{', '{"a":', '"x"', '1', 'true', '{"__proto__":{"polluted":true}}'),
  fc.string({ maxLength: 200 }),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? 'null'),
);

function bodyArb(route: HttpRoute): fc.Arbitrary<string | undefined> {
  if (route.method === 'GET' || route.method === 'HEAD')
    return fc.option(rawJunk, { nil: undefined, freq: 8 });
  if (route.path.endsWith('/retry') || route.path.endsWith('/withdraw'))
    return fc.oneof({ weight: 3, arbitrary: noteBody }, rawJunk);
  if (route.path.startsWith('/proposals')) return fc.oneof({ weight: 4, arbitrary: proposalBody }, rawJunk);
  if (route.path.startsWith('/approval-chains'))
    return fc.oneof({ weight: 3, arbitrary: chainBody }, rawJunk);
  if (route.path.startsWith('/policies')) return fc.oneof({ weight: 3, arbitrary: policyBody }, rawJunk);
  if (route.path.startsWith('/budget-pools')) return fc.oneof({ weight: 3, arbitrary: poolBody }, rawJunk);
  if (route.path.startsWith('/districts')) return fc.oneof({ weight: 3, arbitrary: districtBody }, rawJunk);
  return rawJunk;
}

const contentType = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom('application/json', 'Application/JSON; charset=UTF-8') },
  { weight: 2, arbitrary: fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', undefined) },
);

interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | undefined;
}

/**
 * Half the time the role the route is for (Makassar's submitter for proposal writes, the admin
 * for PUTs, the auditor for reads), so that generated bodies reach the handlers' own checks and
 * stored records; otherwise any token, none, or a broken one.
 */
function tokenFor(route: HttpRoute): fc.Arbitrary<string | undefined> {
  const [makassar, , , , admin, auditor] = tokens;
  const fitting = route.method === 'PUT' ? admin : route.method === 'POST' ? makassar : auditor;
  return fc.oneof(fc.constant(fitting), fc.constantFrom(...tokens));
}

function apiRequest(route: HttpRoute): fc.Arbitrary<FuzzRequest> {
  const names = [...route.path.matchAll(/\{([A-Za-z]+)\+?\}/g)].map((m) => m[1] as string);
  return fc
    .record({
      params: fc.tuple(...names.map((n) => segment(paramArb(n)))),
      query: fc.option(queryString, { nil: undefined }),
      token: tokenFor(route),
      body: bodyArb(route),
      type: contentType,
      idempotencyKey: fc.option(fc.oneof(fc.stringMatching(/^[A-Za-z0-9_.:-]{8,40}$/), nasty), {
        nil: undefined,
        freq: 3,
      }),
    })
    .map(({ params, query, token, body, type, idempotencyKey }) => {
      let i = 0;
      const path = route.path.replace(/\{[A-Za-z]+\+?\}/g, () => params[i++] ?? '');
      const headers: Record<string, string> = {};
      if (token) headers.authorization = `Bearer ${token}`;
      if (type && body !== undefined) headers['content-type'] = type;
      if (idempotencyKey !== undefined && /^[\x20-\x7e]*$/.test(idempotencyKey))
        headers['idempotency-key'] = idempotencyKey;
      return { method: route.method, path: query ? `${path}?${query}` : path, headers, body };
    });
}

const decision = fc.oneof(
  fc.constantFrom('approve', 'reject', 'return', 'APPROVE', '', ' approve', ...PROTOTYPE_KEYS),
  fc.string({ maxLength: 20 }),
);
const note = fc.oneof(
  fc.constantFrom('', ' ', 'Catatan', 'x'.repeat(2001), ...PROTOTYPE_KEYS),
  fc.string({ maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 50 }),
);
const actionForm = fc.oneof(
  { weight: 5, arbitrary: fc.record({ decision, note }).map((f) => new URLSearchParams(f).toString()) },
  fc
    .array(fc.tuple(fc.constantFrom('decision', 'note', ...PROTOTYPE_KEYS), fc.oneof(decision, note)), {
      maxLength: 5,
    })
    .map((pairs) => new URLSearchParams(pairs).toString()),
  rawJunk,
);

const actionRequest = (): fc.Arbitrary<FuzzRequest> =>
  fc
    .record({
      id: fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom(...realActionIds) },
        fc.stringMatching(/^[A-Za-z0-9_-]{43}$/),
        nasty.map(encodeURIComponent),
      ),
      slash: fc.boolean(),
      method: fc.constantFrom('POST', 'POST', 'POST', 'GET', 'HEAD'),
      form: actionForm,
      type: fc.constantFrom(
        'application/x-www-form-urlencoded',
        'application/x-www-form-urlencoded',
        'Application/X-WWW-Form-Urlencoded; charset=UTF-8',
        'application/json',
        undefined,
      ),
    })
    .map(
      ({ id, slash, method, form, type }): FuzzRequest => ({
        method,
        path: `/actions/${id}${slash ? '/' : ''}`,
        headers: method === 'POST' && type ? { 'content-type': type } : ({} as Record<string, string>),
        body: method === 'POST' ? form : undefined,
      }),
    );

// ---------------------------------------------------------------------------------------------
// Running and checking
// ---------------------------------------------------------------------------------------------

interface Fault {
  request: FuzzRequest;
  status: number | string;
  answer: string;
}

/** One request over node:http, which, unlike fetch, sends a body with GET as a fuzzer may. */
function send(
  request: FuzzRequest,
  agent: Agent,
): Promise<{ status: number; text: string; retryAfter: number }> {
  return new Promise((resolveSend, reject) => {
    const url = new URL(t.url);
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method: request.method,
        path: request.path,
        agent,
        headers: {
          ...request.headers,
          ...(request.body !== undefined ? { 'content-length': Buffer.byteLength(request.body) } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolveSend({
            status: res.statusCode ?? 0,
            text: Buffer.concat(chunks).toString(),
            retryAfter: Number(res.headers['retry-after'] ?? 1),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(request.body);
  });
}

let busyRetries = 0;

async function run(requests: FuzzRequest[]): Promise<{ statuses: Map<number, number>; faults: Fault[] }> {
  const statuses = new Map<number, number>();
  const faults: Fault[] = [];
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < requests.length; i = next++) {
      const request = requests[i] as FuzzRequest;
      try {
        let res = await send(request, agent);
        // The local stack's backpressure (503 SERVICE_BUSY with Retry-After) asks a client to come
        // back; a client that does is served. Only a 5xx that is not that, or that never ends, is a fault.
        for (
          let retry = 0;
          retry < BUSY_RETRIES && res.status === 503 && res.text.includes('SERVICE_BUSY');
          retry++
        ) {
          busyRetries++;
          await new Promise((r) => setTimeout(r, Math.min(res.retryAfter, 2) * 1000));
          res = await send(request, agent);
        }
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status >= 500) faults.push({ request, status: res.status, answer: res.text.slice(0, 300) });
      } catch (error) {
        faults.push({ request, status: 'no answer', answer: String(error) });
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  agent.destroy();
  return { statuses, faults };
}

async function scanTable(): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const out = await dynamoDb().send(new ScanCommand({ TableName: tableName(), ExclusiveStartKey: start }));
    items.push(...(out.Items ?? []).map((item) => unmarshall(item)));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

const INPUT_FIELDS = [
  'fiscalYear',
  'districtCode',
  'title',
  'programKind',
  'commodity',
  'description',
  'targets',
  'funding',
] as const;
const pick = (item: Record<string, unknown>) => Object.fromEntries(INPUT_FIELDS.map((k) => [k, item[k]]));
const safeRupiah = (n: unknown) => Number.isSafeInteger(n) && (n as number) >= 0;
const isoInstant = (s: unknown) => typeof s === 'string' && !Number.isNaN(Date.parse(s)) && s.endsWith('Z');

/** What is wrong with a stored item, by its entity; empty when it is valid. */
function problemsOf(item: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, what: string) => {
    if (!ok) problems.push(what);
  };
  switch (item.entity) {
    case 'PROPOSAL': {
      const input = proposalInputSchema.safeParse(pick(item));
      check(input.success, `input: ${JSON.stringify(input.error?.issues.slice(0, 2))}`);
      check((PROPOSAL_STATUSES as readonly unknown[]).includes(item.status), `status ${String(item.status)}`);
      check(/^[0-9A-Z]{26}$/.test(String(item.id)), 'id');
      check(Number.isInteger(item.revision) && (item.revision as number) >= 1, 'revision');
      check(Number.isInteger(item.version) && (item.version as number) >= 1, 'version');
      check(safeRupiah(item.totalAmount), 'totalAmount not a safe integer');
      if (input.success)
        check(item.totalAmount === totalOf(input.data.funding), 'totalAmount ≠ sum of lines');
      check(isoInstant(item.createdAt) && isoInstant(item.updatedAt), 'timestamps');
      check(
        Array.isArray(item.allocations) &&
          (item.allocations as { amount: unknown }[]).every((a) => safeRupiah(a.amount)),
        'allocations',
      );
      check(
        item.failure === undefined || item.status === 'FAILED' || item.status === 'WITHDRAWN',
        'stray failure',
      );
      break;
    }
    case 'REVISION': {
      const input = proposalInputSchema.safeParse(pick(item));
      check(input.success, `revision input: ${JSON.stringify(input.error?.issues.slice(0, 2))}`);
      break;
    }
    case 'POOL': {
      const { ceiling, allocated, remaining } = item as Record<string, number>;
      check([ceiling, allocated, remaining].every(safeRupiah), 'pool figures not safe integers');
      check(ceiling === (allocated ?? 0) + (remaining ?? 0), 'ceiling ≠ allocated + remaining');
      check((remaining ?? -1) >= 0, 'remaining below 0');
      break;
    }
    case 'ALLOCATION':
      check(safeRupiah(item.amount) && (item.amount as number) > 0, 'allocation amount');
      break;
    default:
      break;
  }
  return problems;
}

describe('Fuzzing every route and the action form on one real stack', () => {
  it(`Given ${API_REQUESTS + ACTION_REQUESTS} generated requests (seed ${SEED}) When sent Then none is answered 5xx and every stored item stays valid`, async () => {
    // Every route but the action links (generated apart, with real and forged ids): the signed-in
    // API and the public pages and files (the app, the docs, the OpenAPI document).
    const routes = HTTP_ROUTES.filter((r) => !r.path.startsWith('/actions/'));
    const perRoute = Math.ceil(API_REQUESTS / routes.length);
    const apiRequests = routes.flatMap((route, i) =>
      fc.sample(apiRequest(route), { seed: SEED + i, numRuns: perRoute }),
    );
    const actionRequests = fc.sample(actionRequest(), { seed: SEED - 1, numRuns: ACTION_REQUESTS });
    // Interleaved, so that reads, writes, decisions and workflows overlap as they would in use.
    const requests = fc.sample(
      fc.shuffledSubarray([...apiRequests, ...actionRequests], {
        minLength: apiRequests.length + actionRequests.length,
      }),
      { seed: SEED, numRuns: 1 },
    )[0] as FuzzRequest[];
    expect(requests.length).toBeGreaterThanOrEqual(5_000);
    // Every route of HTTP_ROUTES is exercised.
    for (const route of HTTP_ROUTES) {
      const pattern = new RegExp(
        `^${route.path.replace(/\{[A-Za-z]+\+\}/g, '.+').replace(/\{[A-Za-z]+\}/g, '[^/?]*')}(\\?|$)`,
      );
      expect(
        requests.some((r) => r.method === route.method && pattern.test(r.path)),
        `${route.method} ${route.path}`,
      ).toBe(true);
    }

    const { statuses, faults } = await run(requests);
    const summary = Object.fromEntries([...statuses].sort(([a], [b]) => a - b));
    console.log(
      `fuzz: ${requests.length} requests, seed ${SEED}, statuses ${JSON.stringify(summary)}, ${busyRetries} retried after 503 SERVICE_BUSY`,
    );
    if (process.env.FUZZ_FAULTS_FILE)
      writeFileSync(process.env.FUZZ_FAULTS_FILE, JSON.stringify(faults, null, 1));
    expect(faults.slice(0, 5), `${faults.length} faults`).toEqual([]);
    // Enough of them got past validation to reach stored records.
    expect((statuses.get(200) ?? 0) + (statuses.get(201) ?? 0)).toBeGreaterThan(300);

    const invalid = (await scanTable())
      .map((item) => ({ key: `${String(item.PK)} ${String(item.SK)}`, problems: problemsOf(item) }))
      .filter((x) => x.problems.length > 0);
    expect(invalid.slice(0, 5), `${invalid.length} invalid items`).toEqual([]);
  }, 240_000);
});
