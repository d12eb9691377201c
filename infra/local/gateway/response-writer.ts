/**
 * Turns what a handler returned into the HTTP response, as API Gateway does for payload format 2.0,
 * and writes the gateway's own errors in the project's error shape (docs/api.md "Errors").
 */
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/** The handler's result cannot be turned into a response (API Gateway answers 500 for these too). */
export class MalformedResultError extends Error {
  override readonly name = 'MalformedResultError';
}

type HeaderValue = boolean | number | string;
type LambdaResult = APIGatewayProxyStructuredResultV2 & { multiValueHeaders?: Record<string, HeaderValue[]> };

/** Hop-by-hop and framing headers belong to the gateway's connection, not to the function. */
const GATEWAY_OWNED_HEADERS = new Set([
  'connection',
  'content-length',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
]);

/** Writes the handler's result; returns the status sent. Throws MalformedResultError before writing anything. */
export function writeLambdaResult(res: ServerResponse, result: unknown, requestId: string): number {
  if (result === null || typeof result !== 'object' || !('statusCode' in result)) {
    // Without a statusCode, API Gateway takes the whole result as a 200 JSON body.
    const body = typeof result === 'string' ? result : (JSON.stringify(result ?? null) ?? 'null');
    res.writeHead(200, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
      'apigw-requestid': requestId,
    });
    res.end(body);
    return 200;
  }

  const r = result as LambdaResult;
  const status = r.statusCode;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599) {
    throw new MalformedResultError(`statusCode must be an HTTP status, got ${String(status)}`);
  }
  if (r.body !== undefined && r.body !== null && typeof r.body !== 'string') {
    throw new MalformedResultError(`body must be a string, got ${typeof r.body}`);
  }

  const headers: Record<string, string | string[]> = {};
  if (r.headers) {
    for (const name of Object.keys(r.headers)) addHeader(headers, name, [r.headers[name] as HeaderValue]);
  }
  if (r.multiValueHeaders) {
    for (const name of Object.keys(r.multiValueHeaders))
      addHeader(headers, name, r.multiValueHeaders[name] ?? []);
  }
  if (r.cookies && r.cookies.length > 0) {
    const existing = headers['set-cookie'];
    const fromHeaders = existing === undefined ? [] : Array.isArray(existing) ? existing : [existing];
    headers['set-cookie'] = [...fromHeaders, ...r.cookies];
  }
  const body = r.body ? (r.isBase64Encoded ? Buffer.from(r.body, 'base64') : r.body) : undefined;
  // API Gateway's default when a function sets a status but no content type.
  if (body !== undefined && headers['content-type'] === undefined)
    headers['content-type'] = 'text/plain; charset=utf-8';
  headers['apigw-requestid'] = requestId;
  // writeHead sends the head at once, so the length must be in it (or the reply goes chunked).
  headers['content-length'] = String(
    body === undefined ? 0 : typeof body === 'string' ? Buffer.byteLength(body) : body.length,
  );

  try {
    res.writeHead(status, headers as OutgoingHttpHeaders);
  } catch (error) {
    throw new MalformedResultError(`invalid response header: ${(error as Error).message}`);
  }
  res.end(body);
  return status;
}

function addHeader(headers: Record<string, string | string[]>, name: string, values: HeaderValue[]): void {
  const lower = name.toLowerCase();
  if (GATEWAY_OWNED_HEADERS.has(lower) || values.length === 0) return;
  const strings = values.map(String);
  const existing = headers[lower];
  if (lower === 'set-cookie') {
    headers[lower] =
      existing === undefined ? strings : [...(Array.isArray(existing) ? existing : [existing]), ...strings];
    return;
  }
  const joined = strings.join(',');
  headers[lower] = existing === undefined ? joined : `${existing},${joined}`;
}

export interface GatewayError {
  status: number;
  code: string;
  /** Bahasa Indonesia, for people. */
  message: string;
  headers?: OutgoingHttpHeaders;
}

/** `{"error":{"code","message","details":[]}}`, the one error shape clients see. */
export function writeGatewayError(res: ServerResponse, error: GatewayError, requestId: string): number {
  const body = JSON.stringify({ error: { code: error.code, message: error.message, details: [] } });
  res.writeHead(error.status, {
    ...error.headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'apigw-requestid': requestId,
  });
  res.end(body);
  return error.status;
}
