/**
 * The local stand-in for API Gateway (HTTP API, payload format 2.0, JWT authorizer): it matches the
 * routes of infra/routes.ts, checks bearer tokens on `jwt` routes, hands the same event and context
 * shapes to the same handler modules, and maps their results back the way API Gateway does.
 *
 * Deliberate differences from AWS, so clients see one error shape (docs/api.md "Errors"):
 * API Gateway answers its own 401/404/413/500 with `{"message":"Unauthorized"}` and the like;
 * here they are `{"error":{"code":"UNAUTHENTICATED","message":"<Bahasa Indonesia>","details":[]}}`.
 */

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import type { HttpRoute } from '../routes.js';
import {
  buildHttpApiEvent,
  buildLambdaContext,
  type LocalApiIdentity,
  newApiGatewayRequestId,
  newLogStreamName,
} from './gateway/lambda-event.js';
import { PayloadTooLargeError, readRequestBody } from './gateway/request-body.js';
import {
  type GatewayError,
  MalformedResultError,
  writeGatewayError,
  writeLambdaResult,
} from './gateway/response-writer.js';
import { compileRouteTable } from './gateway/route-table.js';

export type LambdaHttpHandler = (
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
  context: Context,
) => Promise<APIGatewayProxyResultV2>;

/** A page served by the local stack itself, not by a Lambda handler: /health, /_local/inbox, … */
export interface LocalRoute {
  method: string;
  path: string;
  handle: (req: IncomingMessage, res: ServerResponse, params: Record<string, string>) => void | Promise<void>;
}

export interface HttpGatewayOptions {
  port: number;
  /** Defaults to 127.0.0.1: the local stack is never reachable from elsewhere. */
  host?: string;
  routes: readonly HttpRoute[];
  /** Called once per route at start; the caller loads the module behind `route.entry`. */
  resolveHandler: (route: HttpRoute) => LambdaHttpHandler;
  /**
   * Resolves to the token's claims. A bad token rejects with a jose error about the token (code
   * `ERR_JWT_…`, `ERR_JWS_…`, a disallowed algorithm, no matching key) and gets 401; any other
   * rejection (say, an unreadable key file) is a fault and gets 500.
   */
  verifyToken: (token: string) => Promise<Record<string, unknown>>;
  localRoutes?: LocalRoute[];
  /** Asked before each handler invocation, told after it: the local stack's backpressure. */
  admission?: Admission;
  /** One line per request (method, path without query string, status, ms) and handler errors. */
  log?: (line: string) => void;
  /** The function timeout seen through `context.getRemainingTimeInMillis()`; defaults to 30 s, HTTP API's limit. */
  functionTimeoutMs?: number;
  /** Larger bodies get 413; defaults to 1 MiB. */
  maxBodyBytes?: number;
}

/**
 * Decides, once a request is authenticated and read, whether its handler runs now, after a wait
 * (a promise), or not at all. A refusal is written as is (the project's error shape); nothing has
 * been stored by then.
 */
export interface Admission {
  admit(route: HttpRoute): GatewayError | undefined | Promise<GatewayError | undefined>;
  /** The handler of an admitted request has answered or failed: once per admitted request. */
  settled(route: HttpRoute): void;
}

export interface RunningHttpGateway {
  port: number;
  url: string;
  close(): Promise<void>;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
const MAX_LOGGED_PATH = 200;

const NOT_FOUND: GatewayError = {
  status: 404,
  code: 'NOT_FOUND',
  message: 'Alamat yang diminta tidak ditemukan',
};
const TOKEN_MISSING: GatewayError = {
  status: 401,
  code: 'UNAUTHENTICATED',
  message: 'Token akses tidak ada. Sertakan header "Authorization: Bearer <token>".',
  headers: { 'www-authenticate': 'Bearer' },
};
const TOKEN_INVALID: GatewayError = {
  status: 401,
  code: 'UNAUTHENTICATED',
  message: 'Token akses tidak sah.',
  headers: { 'www-authenticate': 'Bearer error="invalid_token", error_description="the token is invalid"' },
};
const TOKEN_EXPIRED: GatewayError = {
  status: 401,
  code: 'UNAUTHENTICATED',
  message: 'Token akses sudah kedaluwarsa. Minta token baru.',
  headers: { 'www-authenticate': 'Bearer error="invalid_token", error_description="the token has expired"' },
};
const payloadTooLarge = (maxBodyBytes: number): GatewayError => ({
  status: 413,
  code: 'PAYLOAD_TOO_LARGE',
  message: `Isi permintaan terlalu besar (paling banyak ${byteSize(maxBodyBytes)}).`,
  // The rest of an oversized body is never read, so the connection cannot carry another request.
  headers: { connection: 'close' },
});
const INTERNAL: GatewayError = { status: 500, code: 'INTERNAL', message: 'Terjadi kesalahan sistem' };

interface LambdaTarget {
  kind: 'lambda';
  route: HttpRoute;
  handler: LambdaHttpHandler;
  routeKey: string;
}

interface LocalTarget {
  kind: 'local';
  route: LocalRoute;
}

class FunctionTimeoutError extends Error {
  override readonly name = 'FunctionTimeoutError';
}

export async function startHttpGateway(opts: HttpGatewayOptions): Promise<RunningHttpGateway> {
  const host = opts.host ?? '127.0.0.1';
  const log = opts.log ?? (() => {});
  const timeoutMs = opts.functionTimeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBodyBytes = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const tooLarge = payloadTooLarge(maxBodyBytes);
  const { verifyToken } = opts;

  // A known path with another method gets 404, not 405: an HTTP API has no route for that method,
  // and API Gateway answers such requests exactly like unknown paths.
  const table = compileRouteTable<LambdaTarget | LocalTarget>([
    ...opts.routes.map((route) => ({
      method: route.method,
      path: route.path,
      value: {
        kind: 'lambda' as const,
        route,
        handler: opts.resolveHandler(route),
        routeKey: `${route.method} ${route.path}`,
      },
    })),
    ...(opts.localRoutes ?? []).map((route) => ({
      method: route.method,
      path: route.path,
      value: { kind: 'local' as const, route },
    })),
  ]);

  const logStreams = new Map<string, string>();
  const api: LocalApiIdentity = {
    accountId: process.env.AWS_ACCOUNT_ID ?? '000000000000',
    apiId: 'local',
    region: process.env.AWS_REGION ?? 'ap-southeast-3',
    fallbackHost: host,
    serverPort: opts.port,
  };

  const handleRequest = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = performance.now();
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    const queryAt = url.indexOf('?');
    const rawPath = queryAt === -1 ? url : url.slice(0, queryAt);
    const rawQueryString = queryAt === -1 ? '' : url.slice(queryAt + 1);
    const requestId = newApiGatewayRequestId();
    const done = (logPath: string, status: number) =>
      log(`${method} ${logPath} ${status} ${(performance.now() - started).toFixed(1)}ms`);

    const match = table.match(method, rawPath);
    if (!match) {
      done(unmatchedPathForLog(rawPath), writeGatewayError(res, NOT_FOUND, requestId));
      return;
    }

    if (match.value.kind === 'local') {
      try {
        await match.value.route.handle(req, res, match.params);
      } catch (error) {
        log(`${method} ${truncate(rawPath)} local page error: ${describe(error)}`);
        if (!res.headersSent) writeGatewayError(res, INTERNAL, requestId);
        else res.destroy();
      }
      done(truncate(rawPath), res.statusCode);
      return;
    }

    const { route, handler, routeKey } = match.value;
    // For public routes the path itself is the capability (an action id): log the route, not the path.
    const logPath = route.auth === 'public' ? route.path : truncate(rawPath);

    let claims: Record<string, unknown> | undefined;
    if (route.auth === 'jwt') {
      const token = bearerToken(req.headers.authorization);
      if (!token) {
        done(logPath, writeGatewayError(res, TOKEN_MISSING, requestId));
        return;
      }
      try {
        claims = await verifyToken(token);
      } catch (error) {
        if (!isTokenRejection(error)) {
          // The verifier itself broke (key file unreadable, …): a fault, not the caller's token.
          log(`${method} ${logPath} token verifier error: ${describe(error)}`);
          done(logPath, writeGatewayError(res, INTERNAL, requestId));
          return;
        }
        done(logPath, writeGatewayError(res, isExpiry(error) ? TOKEN_EXPIRED : TOKEN_INVALID, requestId));
        return;
      }
    }

    let body: Buffer | undefined;
    try {
      body = await readRequestBody(req, maxBodyBytes);
    } catch (error) {
      if (error instanceof PayloadTooLargeError) done(logPath, writeGatewayError(res, tooLarge, requestId));
      else log(`${method} ${logPath} request aborted: ${describe(error)}`);
      return;
    }

    const nowMs = Date.now();
    const event = buildHttpApiEvent({
      req,
      method,
      routeKey,
      rawPath,
      rawQueryString,
      pathParameters: match.params,
      body,
      claims,
      requestId,
      nowMs,
      api,
    });
    let logStreamName = logStreams.get(route.functionName);
    if (!logStreamName) {
      logStreamName = newLogStreamName(nowMs);
      logStreams.set(route.functionName, logStreamName);
    }
    const context = buildLambdaContext({
      functionName: route.functionName,
      timeoutMs,
      startMs: nowMs,
      api,
      logStreamName,
    });

    const admitted = opts.admission?.admit(route);
    const refusal = admitted instanceof Promise ? await admitted : admitted;
    if (refusal) {
      done(logPath, writeGatewayError(res, refusal, requestId));
      return;
    }
    let status: number;
    try {
      const result = await invokeWithTimeout(handler, event, context, timeoutMs);
      status = writeLambdaResult(res, result, requestId);
    } catch (error) {
      const what = error instanceof MalformedResultError ? 'malformed handler result' : 'handler error';
      log(`${method} ${logPath} ${what} (${route.functionName}): ${describe(error)}`);
      status = res.headersSent ? res.statusCode : writeGatewayError(res, INTERNAL, requestId);
    } finally {
      opts.admission?.settled(route);
    }
    done(logPath, status);
  };

  const server = createServer((req, res) => {
    handleRequest(req, res).catch((error: unknown) => {
      log(`${req.method} gateway error: ${describe(error)}`);
      if (!res.headersSent) writeGatewayError(res, INTERNAL, '');
      else res.destroy();
    });
  });
  // Benchmarks and browsers reuse connections; keep idle ones open well past a pause between calls.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  api.serverPort = port;
  api.fallbackHost = `${host}:${port}`;

  return {
    port,
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** `Bearer <jwt>`; like API Gateway's JWT authorizer, a bare token without the scheme is accepted too. */
function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const token = header.slice(0, 7).toLowerCase() === 'bearer ' ? header.slice(7).trim() : header.trim();
  return token.length > 0 ? token : undefined;
}

/** jose's codes for problems with the token itself (as opposed to the verifier's own keys). */
const TOKEN_ERROR_CODES = new Set([
  'ERR_JOSE_ALG_NOT_ALLOWED',
  'ERR_JOSE_NOT_SUPPORTED',
  'ERR_JWKS_NO_MATCHING_KEY',
  'ERR_JWKS_MULTIPLE_MATCHING_KEYS',
]);

function isTokenRejection(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return false;
  return code.startsWith('ERR_JWT_') || code.startsWith('ERR_JWS_') || TOKEN_ERROR_CODES.has(code);
}

function isExpiry(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'ERR_JWT_EXPIRED';
}

function invokeWithTimeout(
  handler: LambdaHttpHandler,
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
  context: Context,
  timeoutMs: number,
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new FunctionTimeoutError(`timed out after ${timeoutMs} ms`)),
      timeoutMs,
    );
    const settle = (fn: (value: unknown) => void) => (value: unknown) => {
      clearTimeout(timer);
      fn(value);
    };
    try {
      // Promise.resolve: a handler typed async may still return a plain value at run time.
      Promise.resolve(handler(event, context)).then(settle(resolve), settle(reject));
    } catch (error) {
      settle(reject)(error);
    }
  });
}

function byteSize(bytes: number): string {
  if (bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bita`;
}

/**
 * An unmatched path may still hold a capability (an action link with a typo, a link probed with a
 * method it has no route for) or a person's data: only a first segment that reads like a route
 * word (`/actions`, `/proposals`) is logged, everything else as `…`.
 */
export function unmatchedPathForLog(path: string): string {
  const [, first = '', ...rest] = path.split('/');
  if (first === '' && rest.length === 0) return '/';
  const shown = ROUTE_WORD.test(first) ? first : '…';
  return rest.length > 0 || shown === '…' ? `/${shown}/…` : `/${shown}`;
}

const ROUTE_WORD = /^[a-z_-]{1,24}$/;

function truncate(path: string): string {
  return path.length > MAX_LOGGED_PATH ? `${path.slice(0, MAX_LOGGED_PATH)}…` : path;
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
}
