/**
 * The local identity issuer: it stands in for the Cognito user pool, signing ID-token-like JWTs with
 * the same claim names (functions/adapters/auth-claims.ts) so the handlers read one shape locally
 * and on AWS. The ES256 key pair lives under `<dataDir>/jwt/`, so `npm run token` and a running
 * stack agree on it without talking to each other.
 */
import { createHash, randomBytes } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type CryptoKey,
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWK,
  jwtVerify,
  SignJWT,
} from 'jose';
import { CLAIMS } from '../../functions/adapters/auth-claims.js';
import type { Role } from '../../functions/domain/caller.js';

export const LOCAL_TOKEN_ISSUER = 'ikm-local';
export const LOCAL_TOKEN_AUDIENCE = 'ikm-api';
export const DEFAULT_TOKEN_TTL_SECONDS = 8 * 60 * 60;
const ALG = 'ES256';
/** Leeway for `exp`/`nbf`/`iat` between the CLI's clock and the stack's (same machine, but sleeps happen). */
const CLOCK_TOLERANCE_SECONDS = 5;
const SIGNING_KEY_FILE = 'signing-key.private.jwk.json';
/** Bounds the verified-token cache; a local stack sees a handful of distinct tokens. */
const MAX_CACHED_TOKENS = 10_000;

const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** `.data` under the project root, or `DATA_DIR` (resolved against the working directory). */
export function defaultDataDir(): string {
  const fromEnv = process.env.DATA_DIR;
  return fromEnv ? resolve(fromEnv) : join(PROJECT_ROOT, '.data');
}

export interface IssueTokenOptions {
  role: Role;
  /** Required for submitters: the Kemendagri code of their district, e.g. `73.71`. */
  districtCode?: string | undefined;
  /** Required for approvers: their approval stage, e.g. `KABID_IKM`. */
  stage?: string | undefined;
  email?: string | undefined;
  sub?: string | undefined;
  ttlSeconds?: number | undefined;
  /** Where the key pair lives; defaults to {@link defaultDataDir}. */
  dataDir?: string | undefined;
}

export async function issueToken(opts: IssueTokenOptions): Promise<string> {
  const claims = localIdentityClaims(opts);
  const ttl = opts.ttlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS;
  if (!Number.isInteger(ttl) || ttl <= 0)
    throw new RangeError(`ttlSeconds must be a positive integer, got ${ttl}`);
  const key = await signingKey(opts.dataDir ?? defaultDataDir());
  return new SignJWT(claims)
    .setProtectedHeader({ alg: ALG, kid: key.kid, typ: 'JWT' })
    .setIssuer(LOCAL_TOKEN_ISSUER)
    .setAudience(LOCAL_TOKEN_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + ttl)
    .sign(key.privateKey);
}

/**
 * The identity claims of a local person (everything but iss/aud/iat/exp). Cognito ID tokens carry
 * custom attributes and the email, and `token_use: id`; so do these.
 */
export function localIdentityClaims(opts: IssueTokenOptions): Record<string, string> {
  if (opts.role === 'submitter' && !opts.districtCode)
    throw new Error('a submitter token needs a districtCode');
  if (opts.role === 'approver' && !opts.stage) throw new Error('an approver token needs a stage');
  const districtCode = opts.role === 'submitter' ? opts.districtCode : undefined;
  const stage = opts.role === 'approver' ? opts.stage : undefined;
  const email = opts.email ?? defaultEmail(opts.role, districtCode, stage);
  const claims: Record<string, string> = {
    sub: opts.sub ?? stableSubject(opts.role, districtCode, stage, email),
    email,
    token_use: 'id',
    [CLAIMS.role]: opts.role,
  };
  if (districtCode) claims[CLAIMS.district] = districtCode;
  if (stage) claims[CLAIMS.stage] = stage;
  return claims;
}

/** `operator.7371@disperin.local` for a submitter of 73.71, `kabid_ikm@disperin.local` for that stage. */
export function defaultEmail(role: Role, districtCode?: string, stage?: string): string {
  if (role === 'submitter' && districtCode)
    return `operator.${districtCode.replaceAll('.', '')}@disperin.local`;
  if (role === 'approver' && stage) return `${stage.toLowerCase()}@disperin.local`;
  return `${role}@disperin.local`;
}

/**
 * A UUID-shaped subject derived from who the person is, so every token minted for the same person
 * carries the same `sub` (audit trails and "submittedBy" stay consistent across tokens).
 */
function stableSubject(
  role: Role,
  districtCode: string | undefined,
  stage: string | undefined,
  email: string,
): string {
  const digest = createHash('sha256')
    .update(`ikm-local|${role}|${districtCode ?? ''}|${stage ?? ''}|${email.toLowerCase()}`)
    .digest();
  // RFC 9562 layout of a name-based UUID: version nibble 5, variant bits 10.
  digest[6] = ((digest[6] ?? 0) & 0x0f) | 0x50;
  digest[8] = ((digest[8] ?? 0) & 0x3f) | 0x80;
  const hex = digest.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export type TokenClaims = Record<string, unknown>;

export interface TokenVerifier {
  /** Resolves to the token's claims; rejects when the signature, issuer, audience or expiry is wrong. */
  verify: (token: string) => Promise<TokenClaims>;
}

/**
 * A verifier for tokens from this issuer. Verified tokens are cached until they expire, because
 * verification sits on the hot path of every API call and the same few tokens come back again and
 * again; only tokens that passed the full check ever enter the cache.
 */
export function createVerifier(dataDir: string = defaultDataDir()): TokenVerifier {
  const cache = new Map<string, { claims: TokenClaims; validUntilMs: number }>();
  let key: Promise<SigningKey> | undefined;
  let lastReloadMs = 0;

  // A token naming another key id may come from a key pair that replaced ours on disk (the data
  // directory was reset while this process ran); look once more, at most every second.
  const publicKeyFor = async (header: { kid?: string | undefined }): Promise<CryptoKey> => {
    key ??= signingKey(dataDir);
    let current = await key;
    if (header.kid !== current.kid && Date.now() - lastReloadMs > 1000) {
      lastReloadMs = Date.now();
      const reloaded = await readSigningKey(dataDir).catch(() => undefined);
      if (reloaded && reloaded.kid !== current.kid) {
        current = reloaded;
        key = Promise.resolve(reloaded);
        cache.clear();
      }
    }
    return current.publicKey;
  };

  const verify = async (token: string): Promise<TokenClaims> => {
    const hit = cache.get(token);
    if (hit) {
      if (Date.now() < hit.validUntilMs) return hit.claims;
      cache.delete(token);
    }
    const { payload } = await jwtVerify(token, publicKeyFor, {
      algorithms: [ALG],
      issuer: LOCAL_TOKEN_ISSUER,
      audience: LOCAL_TOKEN_AUDIENCE,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      requiredClaims: ['sub', 'exp'],
    });
    const claims = Object.freeze({ ...payload }) as TokenClaims;
    if (cache.size >= MAX_CACHED_TOKENS) {
      const oldest = cache.keys().next();
      if (!oldest.done) cache.delete(oldest.value);
    }
    // Same rule as jose's expiry check, so a cached token expires exactly when a fresh check would fail.
    cache.set(token, { claims, validUntilMs: ((payload.exp ?? 0) + CLOCK_TOLERANCE_SECONDS) * 1000 });
    return claims;
  };

  return { verify };
}

/** The public JWK set, as served at `/_local/.well-known/jwks.json`. */
export async function jwks(dataDir: string = defaultDataDir()): Promise<{ keys: JWK[] }> {
  const key = await signingKey(dataDir);
  return { keys: [key.publicJwk] };
}

interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  publicJwk: JWK;
}

const signingKeys = new Map<string, Promise<SigningKey>>();

/** The key pair of a data directory, created on first use; one load per process and directory. */
function signingKey(dataDir: string): Promise<SigningKey> {
  const dir = resolve(dataDir);
  let pending = signingKeys.get(dir);
  if (!pending) {
    pending = loadOrCreateSigningKey(dir);
    signingKeys.set(dir, pending);
    pending.catch(() => signingKeys.delete(dir));
  }
  return pending;
}

async function loadOrCreateSigningKey(dataDir: string): Promise<SigningKey> {
  try {
    return await readSigningKey(dataDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const dir = join(dataDir, 'jwt');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const { privateKey } = await generateKeyPair(ALG, { extractable: true });
  const jwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint(jwk);
  const content = `${JSON.stringify({ ...jwk, kid, alg: ALG, use: 'sig' }, null, 2)}\n`;
  // Written aside and hard-linked into place: the link fails if another process (the CLI and the
  // stack may start together) got there first, and nobody ever reads a half-written key.
  const tmp = join(dir, `.${SIGNING_KEY_FILE}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  await writeFile(tmp, content, { mode: 0o600, flag: 'wx' });
  try {
    await link(tmp, join(dir, SIGNING_KEY_FILE));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await unlink(tmp);
  }
  return readSigningKey(dataDir);
}

async function readSigningKey(dataDir: string): Promise<SigningKey> {
  const file = join(dataDir, 'jwt', SIGNING_KEY_FILE);
  const jwk = JSON.parse(await readFile(file, 'utf8')) as JWK;
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || !jwk.d || !jwk.x || !jwk.y || !jwk.kid) {
    throw new Error(`${file} is not an ES256 private JWK; delete it to have a new key pair made`);
  }
  const { d: _private, ...publicJwk } = jwk;
  return {
    kid: jwk.kid,
    privateKey: (await importJWK(jwk, ALG)) as CryptoKey,
    publicKey: (await importJWK(publicJwk, ALG)) as CryptoKey,
    publicJwk: {
      kty: publicJwk.kty,
      crv: publicJwk.crv,
      x: publicJwk.x,
      y: publicJwk.y,
      kid: jwk.kid,
      alg: ALG,
      use: 'sig',
    },
  };
}
