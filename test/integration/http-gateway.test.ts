import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { Agent, request as httpRequest, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { importJWK, type JWK, SignJWT } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type LambdaHttpHandler,
  type RunningHttpGateway,
  startHttpGateway,
} from '../../infra/local/http-gateway.js';
import {
  createVerifier,
  issueToken,
  LOCAL_TOKEN_AUDIENCE,
  LOCAL_TOKEN_ISSUER,
  localIdentityClaims,
} from '../../infra/local/jwt-issuer.js';
import type { HttpRoute } from '../../infra/routes.js';

const PROJECT_ROOT = resolve(import.meta.dirname, '..', '..');
const FUNCTION_TIMEOUT_MS = 400;

interface Invocation {
  event: APIGatewayProxyEventV2WithJWTAuthorizer;
  context: Context;
  remainingMs: number;
}

const route = (
  method: HttpRoute['method'],
  path: string,
  functionName: string,
  auth: HttpRoute['auth'],
): HttpRoute => ({
  method,
  path,
  entry: `functions/fake/${functionName}.ts`,
  functionName,
  auth,
});

const ROUTES: HttpRoute[] = [
  route('POST', '/proposals', 'create-proposal', 'jwt'),
  route('GET', '/proposals/{id}', 'get-proposal', 'jwt'),
  route('GET', '/reports/{kind}', 'report-by-kind', 'jwt'),
  route('GET', '/reports/allocations', 'report-allocations', 'jwt'),
  route('GET', '/files/{path+}', 'files', 'jwt'),
  route('GET', '/actions/{actionId}', 'approval-action', 'public'),
  route('POST', '/actions/{actionId}', 'approval-action', 'public'),
];

let dataDir: string;
let otherDataDir: string;
let gateway: RunningHttpGateway;
let logLines: string[] = [];
let invocations: Invocation[] = [];
/** What the fake handlers answer next (any JSON value, as APIGatewayProxyResultV2<T> allows); reset before each test. */
let nextResult: (event: APIGatewayProxyEventV2WithJWTAuthorizer) => Promise<unknown>;
let submitterToken: string;

const okResult = async () => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json' },
  body: '{"ok":true}',
});

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'ikm-gw-'));
  otherDataDir = await mkdtemp(join(tmpdir(), 'ikm-gw-other-'));
  const verifier = createVerifier(dataDir);
  const fakeHandler: LambdaHttpHandler = async (event, context) => {
    invocations.push({ event, context, remainingMs: context.getRemainingTimeInMillis() });
    return (await nextResult(event)) as APIGatewayProxyResultV2;
  };
  gateway = await startHttpGateway({
    port: 0,
    routes: ROUTES,
    resolveHandler: () => fakeHandler,
    verifyToken: (token) => verifier.verify(token),
    localRoutes: [
      {
        method: 'GET',
        path: '/health',
        handle: (_req, res) => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end('{"status":"ok"}');
        },
      },
    ],
    log: (line) => logLines.push(line),
    functionTimeoutMs: FUNCTION_TIMEOUT_MS,
  });
  submitterToken = await issueToken({ role: 'submitter', districtCode: '73.71', dataDir });
});

afterAll(async () => {
  await gateway?.close();
  await rm(dataDir, { recursive: true, force: true });
  await rm(otherDataDir, { recursive: true, force: true });
});

beforeEach(() => {
  logLines = [];
  invocations = [];
  nextResult = okResult;
});

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  text: string;
  json: () => unknown;
}

const agent = new Agent({ keepAlive: true, maxSockets: 4 });

function send(
  method: string,
  path: string,
  opts: {
    headers?: OutgoingHttpHeaders;
    body?: string | Buffer;
    chunks?: Buffer[];
    agent?: Agent | false;
  } = {},
): Promise<Reply> {
  return new Promise((resolvePromise, reject) => {
    const req = httpRequest(
      `${gateway.url}${path}`,
      { method, headers: opts.headers, agent: opts.agent ?? agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          const text = body.toString('utf8');
          resolvePromise({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body,
            text,
            json: () => JSON.parse(text),
          });
        });
      },
    );
    // The gateway may answer (413) and close before the whole body is written; the reply is what counts.
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error);
    });
    if (opts.chunks) {
      for (const chunk of opts.chunks) req.write(chunk);
      req.end();
    } else {
      req.end(opts.body);
    }
  });
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

function lastEvent(): APIGatewayProxyEventV2WithJWTAuthorizer {
  const last = invocations.at(-1);
  if (!last) throw new Error('no handler was invoked');
  return last.event;
}

function errorBody(reply: Reply): { code: string; message: string; details: unknown[] } {
  return (reply.json() as { error: { code: string; message: string; details: unknown[] } }).error;
}

describe('the event handed to a jwt route', () => {
  it('Given a signed-in submitter posting JSON with a query string, when it reaches the handler, then the event is a payload 2.0 event with the verified claims as strings', async () => {
    const body = JSON.stringify({ fiscalYear: 2016, title: 'Kakao' });
    const reply = await send('POST', '/proposals?x=1&x=2&q=kopi+arabika&empty', {
      headers: { ...bearer(submitterToken), 'content-type': 'application/json', 'Idempotency-Key': 'k-1' },
      body,
    });

    expect(reply.status).toBe(200);
    const event = lastEvent();
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'POST /proposals',
      rawPath: '/proposals',
      rawQueryString: 'x=1&x=2&q=kopi+arabika&empty',
      queryStringParameters: { x: '1,2', q: 'kopi arabika', empty: '' },
      body,
      isBase64Encoded: false,
    });
    expect(event.pathParameters).toBeUndefined();
    expect(event.headers['idempotency-key']).toBe('k-1');
    expect(event.headers['content-type']).toBe('application/json');
    expect(event.headers.authorization).toBe(`Bearer ${submitterToken}`);

    const ctx = event.requestContext;
    expect(ctx).toMatchObject({
      routeKey: 'POST /proposals',
      stage: '$default',
      http: { method: 'POST', path: '/proposals', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1' },
    });
    expect(ctx.domainName).toBe(`127.0.0.1:${gateway.port}`);
    expect(ctx.time).toMatch(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
    expect(Math.abs(ctx.timeEpoch - Date.now())).toBeLessThan(5000);
    expect(ctx.requestId).toBe(reply.headers['apigw-requestid']);

    const claims = ctx.authorizer.jwt.claims;
    expect(claims).toMatchObject({
      'custom:role': 'submitter',
      'custom:district': '73.71',
      email: 'operator.7371@disperin.local',
      iss: LOCAL_TOKEN_ISSUER,
      aud: LOCAL_TOKEN_AUDIENCE,
    });
    expect(claims.exp).toMatch(/^\d+$/);
    expect(ctx.authorizer.jwt.scopes).toBeNull();
  });

  it('Given a request, when the handler runs, then the Lambda context names the function and counts down its timeout', async () => {
    await send('GET', '/proposals/p-1', { headers: bearer(submitterToken) });
    const invocation = invocations.at(-1) as Invocation;
    expect(invocation.context.functionName).toBe('get-proposal');
    expect(invocation.context.awsRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(invocation.context.invokedFunctionArn).toMatch(
      /^arn:aws:lambda:[a-z0-9-]+:\d{12}:function:get-proposal$/,
    );
    expect(invocation.remainingMs).toBeGreaterThan(0);
    expect(invocation.remainingMs).toBeLessThanOrEqual(FUNCTION_TIMEOUT_MS);
  });

  it('Given a path with parameters, when it matches, then pathParameters holds the decoded values', async () => {
    await send('GET', '/proposals/PRP%2D2016%20A', { headers: bearer(submitterToken) });
    expect(lastEvent()).toMatchObject({
      routeKey: 'GET /proposals/{id}',
      rawPath: '/proposals/PRP%2D2016%20A',
      rawQueryString: '',
      pathParameters: { id: 'PRP-2016 A' },
    });
    expect(lastEvent().queryStringParameters).toBeUndefined();
  });

  it('Given a literal route and a parameter route for the same path, when it matches, then the literal one wins', async () => {
    await send('GET', '/reports/allocations', { headers: bearer(submitterToken) });
    expect(lastEvent().routeKey).toBe('GET /reports/allocations');
    await send('GET', '/reports/by-district', { headers: bearer(submitterToken) });
    expect(lastEvent()).toMatchObject({
      routeKey: 'GET /reports/{kind}',
      pathParameters: { kind: 'by-district' },
    });
  });

  it('Given a greedy route, when a deep path matches, then the parameter holds the rest of the path', async () => {
    await send('GET', '/files/2016/73.71/lampiran.pdf', { headers: bearer(submitterToken) });
    expect(lastEvent()).toMatchObject({
      routeKey: 'GET /files/{path+}',
      pathParameters: { path: '2016/73.71/lampiran.pdf' },
    });
  });

  it('Given repeated headers and cookies, when they arrive, then headers are joined by commas and cookies get their own list', async () => {
    await send('GET', '/proposals/p-1', {
      headers: { ...bearer(submitterToken), 'X-Trace': ['a', 'b'], cookie: 'lang=id; theme=dark' },
    });
    const event = lastEvent();
    expect(event.headers['x-trace']).toBe('a,b');
    expect(event.cookies).toEqual(['lang=id', 'theme=dark']);
    expect(event.headers).not.toHaveProperty('cookie');
    expect(Object.keys(event.headers).every((name) => name === name.toLowerCase())).toBe(true);
    expect(event.headers['x-forwarded-proto']).toBe('http');
  });

  it('Given a binary upload, when it reaches the handler, then the body is base64 with isBase64Encoded', async () => {
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff]);
    await send('POST', '/proposals', {
      headers: { ...bearer(submitterToken), 'content-type': 'image/png' },
      body: bytes,
    });
    expect(lastEvent()).toMatchObject({ isBase64Encoded: true, body: bytes.toString('base64') });
  });
});

describe('the JWT authorizer', () => {
  it('Given no Authorization header, when a jwt route is called, then 401 UNAUTHENTICATED and the handler is not called', async () => {
    const reply = await send('POST', '/proposals', {
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(reply.status).toBe(401);
    expect(reply.headers['content-type']).toMatch(/^application\/json/);
    expect(reply.json()).toEqual({
      error: {
        code: 'UNAUTHENTICATED',
        message: expect.stringContaining('Token akses tidak ada'),
        details: [],
      },
    });
    expect(reply.headers['www-authenticate']).toBe('Bearer');
    expect(invocations).toHaveLength(0);
  });

  it('Given a token from another key pair, when a jwt route is called, then 401 and the handler is not called', async () => {
    const foreign = await issueToken({ role: 'admin', dataDir: otherDataDir });
    const reply = await send('GET', '/proposals/p-1', { headers: bearer(foreign) });
    expect(reply.status).toBe(401);
    expect(errorBody(reply)).toEqual({
      code: 'UNAUTHENTICATED',
      message: 'Token akses tidak sah.',
      details: [],
    });
    expect(invocations).toHaveLength(0);
  });

  it('Given a token signed by another key under our key id, when a jwt route is called, then 401', async () => {
    const ours = JSON.parse(
      await readFile(join(dataDir, 'jwt', 'signing-key.private.jwk.json'), 'utf8'),
    ) as JWK;
    await issueToken({ role: 'admin', dataDir: otherDataDir });
    const other = JSON.parse(
      await readFile(join(otherDataDir, 'jwt', 'signing-key.private.jwk.json'), 'utf8'),
    ) as JWK;
    const forged = await new SignJWT(localIdentityClaims({ role: 'admin' }))
      .setProtectedHeader({ alg: 'ES256', kid: ours.kid })
      .setIssuer(LOCAL_TOKEN_ISSUER)
      .setAudience(LOCAL_TOKEN_AUDIENCE)
      .setExpirationTime('1h')
      .sign(await importJWK(other, 'ES256'));
    const reply = await send('GET', '/proposals/p-1', { headers: bearer(forged) });
    expect(reply.status).toBe(401);
    expect(invocations).toHaveLength(0);
  });

  it('Given an expired token, when a jwt route is called, then 401 saying it has expired', async () => {
    const jwk = JSON.parse(
      await readFile(join(dataDir, 'jwt', 'signing-key.private.jwk.json'), 'utf8'),
    ) as JWK;
    const now = Math.floor(Date.now() / 1000);
    const expired = await new SignJWT(localIdentityClaims({ role: 'submitter', districtCode: '73.71' }))
      .setProtectedHeader({ alg: 'ES256', kid: jwk.kid })
      .setIssuer(LOCAL_TOKEN_ISSUER)
      .setAudience(LOCAL_TOKEN_AUDIENCE)
      .setIssuedAt(now - 7200)
      .setExpirationTime(now - 600)
      .sign(await importJWK(jwk, 'ES256'));
    const reply = await send('GET', '/proposals/p-1', { headers: bearer(expired) });
    expect(reply.status).toBe(401);
    expect(errorBody(reply).message).toBe('Token akses sudah kedaluwarsa. Minta token baru.');
    expect(reply.headers['www-authenticate']).toContain('expired');
    expect(invocations).toHaveLength(0);
  });

  it('Given a malformed bearer value or an unsigned token, when a jwt route is called, then 401', async () => {
    const unsigned = [
      Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url'),
      Buffer.from(
        JSON.stringify({
          ...localIdentityClaims({ role: 'admin' }),
          iss: LOCAL_TOKEN_ISSUER,
          aud: LOCAL_TOKEN_AUDIENCE,
          exp: 4102444800,
        }),
      ).toString('base64url'),
      '',
    ].join('.');
    for (const authorization of ['Bearer not.a.jwt', 'Bearer ', 'Basic dXNlcjpwYXNz', `Bearer ${unsigned}`]) {
      const reply = await send('GET', '/proposals/p-1', { headers: { authorization } });
      expect(reply.status, authorization).toBe(401);
    }
    expect(invocations).toHaveLength(0);
  });

  it('Given a public route, when it is called without a token, then the handler runs with no authorizer block', async () => {
    nextResult = async () => ({
      statusCode: 200,
      headers: { 'content-type': 'text/html; charset=utf-8' },
      body: '<h1>Usulan</h1>',
    });
    const reply = await send('GET', '/actions/act_9f8e7d');
    expect(reply.status).toBe(200);
    expect(reply.text).toBe('<h1>Usulan</h1>');
    expect(reply.headers['content-type']).toBe('text/html; charset=utf-8');
    const event = lastEvent();
    expect(event.pathParameters).toEqual({ actionId: 'act_9f8e7d' });
    expect(event.requestContext).not.toHaveProperty('authorizer');
  });

  it('Given a form post on a public route, when it reaches the handler, then the body passes through as a string', async () => {
    const form = 'decision=return&note=Lengkapi+RAB+%26+foto+lokasi';
    await send('POST', '/actions/act_9f8e7d', {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form,
    });
    expect(lastEvent()).toMatchObject({
      routeKey: 'POST /actions/{actionId}',
      body: form,
      isBase64Encoded: false,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
  });
});

describe('a broken token verifier', () => {
  it('Given a verifier that fails for its own reasons, when a jwt route is called, then 500 INTERNAL and a logged cause', async () => {
    const lines: string[] = [];
    const broken = await startHttpGateway({
      port: 0,
      routes: ROUTES,
      resolveHandler: () => async () => ({ statusCode: 200 }),
      verifyToken: () => Promise.reject(new Error('EACCES: kunci tidak bisa dibaca')),
      log: (line) => lines.push(line),
    });
    try {
      const reply = await fetch(`${broken.url}/proposals/p-1`, { headers: bearer(submitterToken) });
      expect(reply.status).toBe(500);
      expect(((await reply.json()) as { error: { code: string } }).error.code).toBe('INTERNAL');
      expect(lines.some((line) => line.includes('token verifier error') && line.includes('EACCES'))).toBe(
        true,
      );
    } finally {
      await broken.close();
    }
  });
});

describe('requests the gateway answers itself', () => {
  it('Given an unknown path, when called, then 404 NOT_FOUND in the project error shape', async () => {
    const reply = await send('GET', '/nowhere', { headers: bearer(submitterToken) });
    expect(reply.status).toBe(404);
    expect(errorBody(reply)).toMatchObject({ code: 'NOT_FOUND', details: [] });
  });

  it('Given a known path with a method it has no route for, when called, then 404 as API Gateway does', async () => {
    const reply = await send('DELETE', '/proposals', { headers: bearer(submitterToken) });
    expect(reply.status).toBe(404);
    expect(errorBody(reply).code).toBe('NOT_FOUND');
    expect(invocations).toHaveLength(0);
  });

  it('Given a body over 1 MiB announced by Content-Length, when posted, then 413 PAYLOAD_TOO_LARGE without calling the handler', async () => {
    const reply = await send('POST', '/proposals', {
      headers: { ...bearer(submitterToken), 'content-type': 'application/json' },
      body: Buffer.alloc(1024 * 1024 + 1, 0x61),
      agent: false,
    });
    expect(reply.status).toBe(413);
    expect(errorBody(reply)).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      message: expect.stringContaining('1 MiB'),
    });
    expect(invocations).toHaveLength(0);
  });

  it('Given a chunked body that grows past 1 MiB, when posted, then 413 as well', async () => {
    const chunk = Buffer.alloc(256 * 1024, 0x61);
    const reply = await send('POST', '/actions/act_1', {
      headers: { 'content-type': 'text/plain', 'transfer-encoding': 'chunked' },
      chunks: [chunk, chunk, chunk, chunk, Buffer.from('x')],
      agent: false,
    });
    expect(reply.status).toBe(413);
    expect(invocations).toHaveLength(0);
  });

  it('Given a body of exactly 1 MiB, when posted, then the handler gets it', async () => {
    const reply = await send('POST', '/proposals', {
      headers: { ...bearer(submitterToken), 'content-type': 'text/plain' },
      body: Buffer.alloc(1024 * 1024, 0x61),
    });
    expect(reply.status).toBe(200);
    expect(lastEvent().body).toHaveLength(1024 * 1024);
  });

  it('Given a local page, when called, then it is served without a token', async () => {
    const reply = await send('GET', '/health');
    expect(reply.status).toBe(200);
    expect(reply.json()).toEqual({ status: 'ok' });
  });
});

describe('mapping the handler result', () => {
  it('Given a handler that throws, when called, then 500 INTERNAL without the stack, and the error is logged', async () => {
    nextResult = async () => {
      throw new Error('tabel rusak di baris 42');
    };
    const reply = await send('GET', '/proposals/p-1', { headers: bearer(submitterToken) });
    expect(reply.status).toBe(500);
    expect(reply.json()).toEqual({
      error: { code: 'INTERNAL', message: 'Terjadi kesalahan sistem', details: [] },
    });
    expect(reply.text).not.toContain('tabel rusak');
    expect(
      logLines.some((line) => line.includes('tabel rusak di baris 42') && line.includes('get-proposal')),
    ).toBe(true);
  });

  it('Given a handler that outlives its timeout, when called, then 500 INTERNAL and a logged timeout', async () => {
    nextResult = () =>
      new Promise((resolveLater) =>
        setTimeout(() => resolveLater({ statusCode: 200 }), FUNCTION_TIMEOUT_MS * 3),
      );
    const reply = await send('GET', '/proposals/p-slow', { headers: bearer(submitterToken) });
    expect(reply.status).toBe(500);
    expect(logLines.some((line) => line.includes('timed out'))).toBe(true);
  });

  it('Given a result with an invalid statusCode, when mapped, then 500 INTERNAL', async () => {
    nextResult = async () => ({ statusCode: 'dua ratus' as unknown as number, body: 'x' });
    const reply = await send('GET', '/proposals/p-1', { headers: bearer(submitterToken) });
    expect(reply.status).toBe(500);
    expect(errorBody(reply).code).toBe('INTERNAL');
  });

  it('Given a result without statusCode, when mapped, then it becomes a 200 JSON body', async () => {
    nextResult = async () => ({ items: [1, 2], nextCursor: null });
    const reply = await send('GET', '/proposals/p-1', { headers: bearer(submitterToken) });
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('application/json');
    expect(reply.json()).toEqual({ items: [1, 2], nextCursor: null });
  });

  it('Given a plain string result, when mapped, then it is the 200 body as is', async () => {
    nextResult = async () => 'halo';
    const reply = await send('GET', '/proposals/p-1', { headers: bearer(submitterToken) });
    expect(reply.status).toBe(200);
    expect(reply.text).toBe('halo');
  });

  it('Given status, headers, cookies and a base64 body, when mapped, then each reaches the client', async () => {
    const bytes = Buffer.from('Rp 1.250.000.000\n', 'utf8');
    nextResult = async () => ({
      statusCode: 201,
      headers: {
        'Content-Type': 'text/csv',
        Location: '/proposals/p-9',
        'x-count': 3,
        'content-length': '999',
      },
      cookies: ['a=1; Path=/', 'b=2; HttpOnly'],
      body: bytes.toString('base64'),
      isBase64Encoded: true,
    });
    const reply = await send('POST', '/proposals', { headers: bearer(submitterToken), body: '{}' });
    expect(reply.status).toBe(201);
    expect(reply.headers['content-type']).toBe('text/csv');
    expect(reply.headers.location).toBe('/proposals/p-9');
    expect(reply.headers['x-count']).toBe('3');
    expect(reply.headers['set-cookie']).toEqual(['a=1; Path=/', 'b=2; HttpOnly']);
    expect(reply.headers['content-length']).toBe(String(bytes.length));
    expect(reply.body.equals(bytes)).toBe(true);
  });

  it('Given a status without content type, when mapped, then text/plain is assumed as API Gateway does', async () => {
    nextResult = async () => ({ statusCode: 202, body: 'diterima' });
    const reply = await send('GET', '/proposals/p-1', { headers: bearer(submitterToken) });
    expect(reply.status).toBe(202);
    expect(reply.headers['content-type']).toBe('text/plain; charset=utf-8');
  });
});

describe('request log', () => {
  it('Given requests, when they finish, then one short line each, without query string or token, and public paths as their route', async () => {
    await send('GET', '/proposals/p-1?status=SUBMITTED&secret=s3cr3t', { headers: bearer(submitterToken) });
    await send('GET', '/actions/act_capability_123');
    await send('POST', '/proposals');

    expect(logLines).toHaveLength(3);
    expect(logLines[0]).toMatch(/^GET \/proposals\/p-1 200 \d+\.\dms$/);
    expect(logLines[1]).toMatch(/^GET \/actions\/\{actionId\} 200 \d+\.\dms$/);
    expect(logLines[2]).toMatch(/^POST \/proposals 401 \d+\.\dms$/);
    const all = logLines.join('\n');
    expect(all).not.toContain('s3cr3t');
    expect(all).not.toContain(submitterToken.slice(0, 20));
    expect(all).not.toContain('act_capability_123');
  });

  it('Given paths no route matches (an action id with a method it has no route for, a mistyped link), when answered 404, then the log line holds no id', async () => {
    await send('PUT', '/actions/act_capability_456');
    await send('GET', '/actions/act_capability_789/extra');
    await send('GET', '/act_capability_000');

    expect(logLines).toHaveLength(3);
    expect(logLines[0]).toMatch(/^PUT \/actions\/… 404 \d+\.\dms$/);
    expect(logLines[1]).toMatch(/^GET \/actions\/… 404 \d+\.\dms$/);
    expect(logLines[2]).toMatch(/^GET \/…\/… 404 \d+\.\dms$/);
    expect(logLines.join('\n')).not.toContain('act_capability');
  });

  it('Given several calls on one client, when served, then the connection is kept alive', async () => {
    const keepAlive = new Agent({ keepAlive: true, maxSockets: 1 });
    const sockets = new Set<unknown>();
    keepAlive.on('free', (socket) => sockets.add(socket));
    for (let i = 0; i < 3; i++) {
      const reply = await send('GET', '/proposals/p-1', {
        headers: bearer(submitterToken),
        agent: keepAlive,
      });
      expect(reply.status).toBe(200);
    }
    expect(sockets.size).toBe(1);
    keepAlive.destroy();
  });
});

describe('npm run token (token-cli.ts)', () => {
  const run = promisify(execFile);
  const cli = (args: string[]) =>
    run('npx', ['tsx', 'infra/local/token-cli.ts', ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, DATA_DIR: dataDir },
    });

  it('Given a submitter of 73.71, when the CLI runs, then stdout is only a token the gateway verifier accepts', async () => {
    const { stdout } = await cli([
      '--role',
      'submitter',
      '--district',
      '73.71',
      '--email',
      'ani@sulselprov.go.id',
    ]);
    expect(stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    const claims = await createVerifier(dataDir).verify(stdout.trim());
    expect(claims).toMatchObject({
      'custom:role': 'submitter',
      'custom:district': '73.71',
      email: 'ani@sulselprov.go.id',
    });
    expect(Number(claims.exp) - Number(claims.iat)).toBe(8 * 3600);
  });

  it('Given an approver with a stage and a ttl, when the CLI runs, then the token carries them', async () => {
    const { stdout } = await cli(['--role', 'approver', '--stage', 'KADIS', '--ttl', '600']);
    const claims = await createVerifier(dataDir).verify(stdout.trim());
    expect(claims).toMatchObject({
      'custom:role': 'approver',
      'custom:stage': 'KADIS',
      email: 'kadis@disperin.local',
    });
    expect(Number(claims.exp) - Number(claims.iat)).toBe(600);
  });

  it('Given a submitter without --district, when the CLI runs, then it exits 2 with an Indonesian message and prints no token', async () => {
    const failure = await cli(['--role', 'submitter']).then(
      () => undefined,
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    expect(failure?.code).toBe(2);
    expect(failure?.stdout).toBe('');
    expect(failure?.stderr).toContain('Peran submitter memerlukan --district');
  });

  it('Given an unknown district, when the CLI runs, then it exits 2 naming the code as unknown', async () => {
    const failure = await cli(['--role', 'submitter', '--district', '73.99']).then(
      () => undefined,
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    expect(failure?.code).toBe(2);
    expect(failure?.stdout).toBe('');
    expect(failure?.stderr).toContain('Kode kabupaten/kota "73.99" tidak dikenal');
  });
});
