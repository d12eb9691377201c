import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { env } from '../adapters/env.js';
import { docsPage } from '../views/docs-page.js';

/**
 * The web files: the OpenAPI document (GET /openapi.json), the API documentation page (GET /docs)
 * with its renderer's assets, and the web app (GET /app/…). They are served by the API itself, from the files built into `static/`: the
 * same origin as the API (no CORS, one TLS certificate, one access log) and nothing more to
 * secure. Text files are gzipped once per cold start when the browser accepts it.
 */

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
  '.woff2': 'font/woff2',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.svg', '.webmanifest']);
const SAFE_SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;

/** Pages may load scripts and styles from this origin only; the app talks to this API only. */
const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'content-security-policy':
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self' https:; frame-ancestors 'none'; base-uri 'self'; form-action 'self' https:",
};

interface Loaded {
  raw: Buffer;
  gzip?: Buffer;
}
const files = new Map<string, Loaded>();

const staticRoot = (): string => env.staticRoot();

/** What a request for a file that is not there can meet on the file system: all mean "not found". */
const MISSING = new Set(['ENOENT', 'ENOTDIR', 'EISDIR', 'ENAMETOOLONG']);

async function load(relative: string): Promise<Loaded | null> {
  const known = files.get(relative);
  if (known) return known;
  try {
    const raw = await readFile(join(staticRoot(), relative));
    const loaded: Loaded =
      COMPRESSIBLE.has(extname(relative)) && raw.length > 1024 ? { raw, gzip: gzipSync(raw) } : { raw };
    // Only files that exist are kept: a miss is not cached, so random paths cannot grow memory.
    files.set(relative, loaded);
    return loaded;
  } catch (error) {
    if (MISSING.has((error as NodeJS.ErrnoException).code ?? '')) return null;
    throw error;
  }
}

function acceptsGzip(event: APIGatewayProxyEventV2): boolean {
  return /\bgzip\b/.test(event.headers?.['accept-encoding'] ?? '');
}

function fileResponse(
  event: APIGatewayProxyEventV2,
  relative: string,
  file: Loaded,
  cacheControl: string,
): APIGatewayProxyStructuredResultV2 {
  const gzip = file.gzip && acceptsGzip(event);
  return {
    statusCode: 200,
    headers: {
      'content-type': TYPES[extname(relative)] ?? 'application/octet-stream',
      'cache-control': cacheControl,
      vary: 'accept-encoding',
      ...(gzip ? { 'content-encoding': 'gzip' } : {}),
      ...SECURITY_HEADERS,
    },
    body: (gzip ? (file.gzip as Buffer) : file.raw).toString('base64'),
    isBase64Encoded: true,
  };
}

const notFound = (): APIGatewayProxyStructuredResultV2 => ({
  statusCode: 404,
  headers: { 'content-type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS },
  body: 'Berkas tidak ditemukan',
});

/** `a/b.js` → the same, or null when any segment could leave the folder or is oddly named. */
function safeRelative(path: string): string | null {
  const segments = path.split('/');
  return segments.every((s) => SAFE_SEGMENT.test(s)) ? segments.join('/') : null;
}

export async function handler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const path = event.rawPath;
  if (path === '/openapi.json') {
    // Generated from the route table and the validation schemas when the files are built (web/build.ts).
    const file = await load('openapi.json');
    if (!file) return notFound();
    const response = fileResponse(event, 'openapi.json', file, 'no-cache');
    return { ...response, headers: { ...response.headers, 'access-control-allow-origin': '*' } };
  }
  if (path === '/docs') {
    return {
      statusCode: 200,
      headers: {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-cache',
        ...SECURITY_HEADERS,
      },
      body: docsPage(),
    };
  }
  if (path.startsWith('/docs/')) {
    const relative = safeRelative(event.pathParameters?.file ?? '');
    const file = relative && (await load(`docs/${relative}`));
    return file ? fileResponse(event, relative as string, file, 'public, max-age=3600') : notFound();
  }
  // The app: hashed assets are immutable; any other path is a screen of the app, answered by its page.
  const rest = path.replace(/^\/app\/?/, '');
  if (rest === 'config.json') return appConfig();
  if (rest.startsWith('assets/')) {
    const relative = safeRelative(rest);
    const file = relative && (await load(`app/${relative}`));
    return file
      ? fileResponse(event, relative as string, file, 'public, max-age=31536000, immutable')
      : notFound();
  }
  const page = await load('app/index.html');
  return page ? fileResponse(event, 'index.html', page, 'no-cache') : notFound();
}

/** What the app needs to sign in with Cognito (public values: a domain and an app client id). */
function appConfig(): APIGatewayProxyStructuredResultV2 {
  const domain = env.cognitoDomain();
  const clientId = env.cognitoClientId();
  return {
    statusCode: 200,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-cache',
      ...SECURITY_HEADERS,
    },
    body: JSON.stringify({ cognito: domain && clientId ? { domain, clientId } : null }),
  };
}
