/**
 * What API Gateway (HTTP API, payload format 2.0) and the Lambda runtime hand a handler: the event
 * built from a Node request, and the invocation context. Shapes follow @types/aws-lambda and the
 * API Gateway developer guide ("Create AWS Lambda proxy integrations for HTTP APIs").
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type {
  APIGatewayEventRequestContextJWTAuthorizer,
  APIGatewayProxyEventV2WithJWTAuthorizer,
  Context,
} from 'aws-lambda';

/** Fixed facts of the emulated API, read once at start (process.env reads are not free). */
export interface LocalApiIdentity {
  accountId: string;
  apiId: string;
  region: string;
  /** The server's own address, used when a request has no Host header (HTTP/1.0). */
  fallbackHost: string;
  serverPort: number;
}

export interface EventInput {
  req: IncomingMessage;
  method: string;
  routeKey: string;
  rawPath: string;
  rawQueryString: string;
  pathParameters: Record<string, string>;
  body: Buffer | undefined;
  /** Verified token claims for `jwt` routes; `undefined` for public routes (no authorizer block). */
  claims: Record<string, unknown> | undefined;
  requestId: string;
  nowMs: number;
  api: LocalApiIdentity;
}

export function buildHttpApiEvent(input: EventInput): APIGatewayProxyEventV2WithJWTAuthorizer {
  const { req, api } = input;
  const { headers, cookies } = collectHeaders(req.rawHeaders);
  const sourceIp = clientAddress(req);
  headers['x-forwarded-for'] = headers['x-forwarded-for']
    ? `${headers['x-forwarded-for']}, ${sourceIp}`
    : sourceIp;
  headers['x-forwarded-port'] ??= String(api.serverPort);
  headers['x-forwarded-proto'] ??= 'http';
  const domainName = headers.host ?? api.fallbackHost;

  const requestContext = {
    accountId: api.accountId,
    apiId: api.apiId,
    domainName,
    domainPrefix: domainPrefixOf(domainName),
    http: {
      method: input.method,
      path: input.rawPath,
      protocol: `HTTP/${req.httpVersion}`,
      sourceIp,
      userAgent: headers['user-agent'] ?? '',
    },
    requestId: input.requestId,
    routeKey: input.routeKey,
    stage: '$default',
    time: apiGatewayTime(input.nowMs),
    timeEpoch: input.nowMs,
  } as APIGatewayProxyEventV2WithJWTAuthorizer['requestContext'];
  // Public routes have no authorizer, and API Gateway then sends no `authorizer` key at all; the
  // event type used by the handlers lists it as required, hence the cast above.
  if (input.claims) requestContext.authorizer = jwtAuthorizer(input.claims);

  const event: APIGatewayProxyEventV2WithJWTAuthorizer = {
    version: '2.0',
    routeKey: input.routeKey,
    rawPath: input.rawPath,
    rawQueryString: input.rawQueryString,
    headers,
    requestContext,
    isBase64Encoded: false,
  };
  if (cookies) event.cookies = cookies;
  if (input.rawQueryString) event.queryStringParameters = parseQueryString(input.rawQueryString);
  if (Object.keys(input.pathParameters).length > 0) event.pathParameters = { ...input.pathParameters };
  if (input.body) {
    // Text as is, anything binary base64-encoded (the rule of AWS's own local emulator,
    // aws-lambda-dotnet LambdaTestTool). Caution: on AWS, HTTP APIs have been seen to base64-encode
    // form posts (application/x-www-form-urlencoded) too, so handlers must honour isBase64Encoded.
    if (isBinaryContentType(headers['content-type'])) {
      event.body = input.body.toString('base64');
      event.isBase64Encoded = true;
    } else {
      event.body = input.body.toString('utf8');
    }
  }
  return event;
}

/**
 * Lower-case names, repeated headers joined by commas, and cookies moved out into their own list,
 * as payload format 2.0 does. Works from rawHeaders because Node keeps only the first of some
 * repeated headers in `req.headers`.
 */
function collectHeaders(rawHeaders: string[]): {
  headers: Record<string, string>;
  cookies: string[] | undefined;
} {
  const headers: Record<string, string> = {};
  let cookies: string[] | undefined;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = (rawHeaders[i] as string).toLowerCase();
    const value = rawHeaders[i + 1] as string;
    if (name === 'cookie') {
      cookies ??= [];
      for (const cookie of value.split(';')) {
        const trimmed = cookie.trim();
        if (trimmed) cookies.push(trimmed);
      }
      continue;
    }
    headers[name] = Object.hasOwn(headers, name) ? `${headers[name]},${value}` : value;
  }
  return { headers, cookies };
}

/** Decoded values, repeated keys joined by commas (payload format 2.0 has no multi-value map). */
function parseQueryString(raw: string): Record<string, string> {
  const params: Record<string, string> = {};
  for (const pair of raw.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const key = decodeQueryComponent(eq === -1 ? pair : pair.slice(0, eq));
    const value = eq === -1 ? '' : decodeQueryComponent(pair.slice(eq + 1));
    params[key] = Object.hasOwn(params, key) ? `${params[key]},${value}` : value;
  }
  return params;
}

function decodeQueryComponent(raw: string): string {
  const spaced = raw.includes('+') ? raw.replaceAll('+', ' ') : raw;
  if (!spaced.includes('%')) return spaced;
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}

/**
 * HTTP APIs pass every claim as a string: numbers and booleans in their JSON form, arrays as
 * `[a b]`. Handlers therefore must not expect numbers (auth-claims.ts reads strings only).
 */
export function jwtAuthorizer(claims: Record<string, unknown>): APIGatewayEventRequestContextJWTAuthorizer {
  const out: Record<string, string> = {};
  for (const name of Object.keys(claims)) {
    const value = claims[name];
    if (typeof value === 'string') out[name] = value;
    else if (Array.isArray(value)) out[name] = `[${value.join(' ')}]`;
    else if (value !== null && typeof value === 'object') out[name] = JSON.stringify(value);
    else out[name] = String(value);
  }
  // Scopes come from an access token's `scope` claim; ID tokens (ours, Cognito's) have none.
  const scopes = typeof claims.scope === 'string' ? claims.scope.split(' ').filter(Boolean) : null;
  return { jwt: { claims: out, scopes } };
}

const BINARY_TYPES = new Set([
  'application/octet-stream',
  'application/zip',
  'application/pdf',
  'application/wasm',
  'application/x-protobuf',
]);

export function isBinaryContentType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const semicolon = contentType.indexOf(';');
  const type = (semicolon === -1 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase();
  return (
    type.startsWith('image/') ||
    type.startsWith('audio/') ||
    type.startsWith('video/') ||
    BINARY_TYPES.has(type)
  );
}

function clientAddress(req: IncomingMessage): string {
  const address = req.socket.remoteAddress ?? '127.0.0.1';
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

const PORT_SUFFIX = /:\d+$/;
const IPV4 = /^[\d.]+$/;

/** The first label of the host name (`abc123` for `abc123.execute-api…`); the whole name for an IP. */
function domainPrefixOf(domainName: string): string {
  if (domainName.startsWith('[')) return domainName;
  const host = domainName.replace(PORT_SUFFIX, '');
  if (IPV4.test(host)) return host;
  const dot = host.indexOf('.');
  return dot === -1 ? host : host.slice(0, dot);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/** `12/Mar/2020:19:03:58 +0000`, API Gateway's request time format. */
export function apiGatewayTime(ms: number): string {
  const d = new Date(ms);
  return `${pad2(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} +0000`;
}

// 11 bytes (5 random per process, 6 of counter) give API Gateway's 16-character `JKJaXmPLvHcESHA=` shape.
// A counter instead of fresh random bytes per request: randomBytes showed up at ~5% of gateway CPU.
const requestIdBytes = Buffer.alloc(11);
randomBytes(5).copy(requestIdBytes);
let requestCounter = randomBytes(4).readUInt32BE();

/** API Gateway's own request id, unique within the process; the header `apigw-requestid` carries it. */
export function newApiGatewayRequestId(): string {
  requestCounter = (requestCounter + 1) % 0xffff_ffff_ffff;
  requestIdBytes.writeUIntBE(requestCounter, 5, 6);
  return requestIdBytes.toString('base64');
}

export interface ContextInput {
  functionName: string;
  timeoutMs: number;
  startMs: number;
  api: LocalApiIdentity;
  /** One log stream per function and process, as one Lambda execution environment has. */
  logStreamName: string;
}

/** The runtime's invocation context. */
export function buildLambdaContext(input: ContextInput): Context {
  const { functionName, api } = input;
  const deadline = input.startMs + input.timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${api.region}:${api.accountId}:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: input.logStreamName,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: legacyCallbackApi,
    fail: legacyCallbackApi,
    succeed: legacyCallbackApi,
  };
}

/** `2026/01/31/[$LATEST]0123…`, the shape of a Lambda log stream name. */
export function newLogStreamName(nowMs: number): string {
  const d = new Date(nowMs);
  return `${d.getUTCFullYear()}/${pad2(d.getUTCMonth() + 1)}/${pad2(d.getUTCDate())}/[$LATEST]${randomBytes(16).toString('hex')}`;
}

function legacyCallbackApi(): never {
  // The nodejs24.x runtime only runs async handlers; the context's callback-era methods are gone.
  throw new Error('context.done/succeed/fail are not available: return (or throw) from an async handler');
}
