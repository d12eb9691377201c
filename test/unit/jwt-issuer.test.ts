import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalJWKSet, decodeProtectedHeader, importJWK, type JWK, jwtVerify, SignJWT } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { callerFromClaims } from '../../functions/adapters/auth-claims.js';
import {
  createVerifier,
  defaultEmail,
  issueToken,
  jwks,
  LOCAL_TOKEN_AUDIENCE,
  LOCAL_TOKEN_ISSUER,
  localIdentityClaims,
} from '../../infra/local/jwt-issuer.js';

let dataDir: string;
let otherDataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'ikm-jwt-'));
  otherDataDir = await mkdtemp(join(tmpdir(), 'ikm-jwt-other-'));
  // Both key pairs exist from here on, whatever order the tests run in.
  await jwks(dataDir);
  await jwks(otherDataDir);
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
  await rm(otherDataDir, { recursive: true, force: true });
});

afterEach(() => {
  vi.useRealTimers();
});

async function ourPrivateJwk(): Promise<JWK> {
  return JSON.parse(await readFile(join(dataDir, 'jwt', 'signing-key.private.jwk.json'), 'utf8')) as JWK;
}

describe('issueToken', () => {
  it('Given a submitter of 73.71, when a token is issued, then the verifier returns its role, district and email claims', async () => {
    const token = await issueToken({ role: 'submitter', districtCode: '73.71', dataDir });
    const claims = await createVerifier(dataDir).verify(token);

    expect(claims).toMatchObject({
      iss: LOCAL_TOKEN_ISSUER,
      aud: LOCAL_TOKEN_AUDIENCE,
      email: 'operator.7371@disperin.local',
      'custom:role': 'submitter',
      'custom:district': '73.71',
    });
    expect(claims).not.toHaveProperty('custom:stage');
    expect(claims.sub).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(callerFromClaims(claims)).toEqual({
      id: claims.sub,
      email: 'operator.7371@disperin.local',
      role: 'submitter',
      districtCode: '73.71',
      stage: undefined,
    });
  });

  it('Given no ttl, when a token is issued, then it expires after 8 hours', async () => {
    const token = await issueToken({ role: 'admin', dataDir });
    const claims = await createVerifier(dataDir).verify(token);
    expect(Number(claims.exp) - Number(claims.iat)).toBe(8 * 60 * 60);
  });

  it('Given the same person twice, when tokens are issued, then both carry the same sub; another district gets another sub', async () => {
    const verifier = createVerifier(dataDir);
    const first = await verifier.verify(
      await issueToken({ role: 'submitter', districtCode: '73.71', dataDir }),
    );
    const again = await verifier.verify(
      await issueToken({ role: 'submitter', districtCode: '73.71', ttlSeconds: 60, dataDir }),
    );
    const elsewhere = await verifier.verify(
      await issueToken({ role: 'submitter', districtCode: '73.72', dataDir }),
    );
    expect(again.sub).toBe(first.sub);
    expect(elsewhere.sub).not.toBe(first.sub);
  });

  it('Given an explicit sub and email, when a token is issued, then they are used as given', async () => {
    const token = await issueToken({ role: 'auditor', sub: 'abc-123', email: 'ina@example.org', dataDir });
    const claims = await createVerifier(dataDir).verify(token);
    expect(claims).toMatchObject({ sub: 'abc-123', email: 'ina@example.org', 'custom:role': 'auditor' });
  });

  it('Given an approver, when a token is issued, then it carries the stage and the stage-based email', async () => {
    const claims = await createVerifier(dataDir).verify(
      await issueToken({ role: 'approver', stage: 'KABID_IKM', dataDir }),
    );
    expect(claims).toMatchObject({ 'custom:stage': 'KABID_IKM', email: 'kabid_ikm@disperin.local' });
    expect(claims).not.toHaveProperty('custom:district');
  });

  it('Given a submitter without district or an approver without stage, when claims are built, then it refuses', () => {
    expect(() => localIdentityClaims({ role: 'submitter' })).toThrow(/districtCode/);
    expect(() => localIdentityClaims({ role: 'approver' })).toThrow(/stage/);
  });

  it('Given each role, when no email is given, then the default address follows the office convention', () => {
    expect(defaultEmail('submitter', '73.71')).toBe('operator.7371@disperin.local');
    expect(defaultEmail('approver', undefined, 'KADIS')).toBe('kadis@disperin.local');
    expect(defaultEmail('admin')).toBe('admin@disperin.local');
    expect(defaultEmail('auditor')).toBe('auditor@disperin.local');
  });
});

describe('key pair', () => {
  it('Given a first use, when the key is created, then the private key file is readable by its owner only and reused later', async () => {
    await issueToken({ role: 'admin', dataDir });
    const file = join(dataDir, 'jwt', 'signing-key.private.jwk.json');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const before = await readFile(file, 'utf8');
    await issueToken({ role: 'admin', dataDir });
    expect(await readFile(file, 'utf8')).toBe(before);
  });

  it('Given the JWK set, when it is read, then it holds only the public key that verifies issued tokens', async () => {
    const set = await jwks(dataDir);
    expect(set.keys).toHaveLength(1);
    expect(set.keys[0]).not.toHaveProperty('d');
    expect(set.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    const token = await issueToken({ role: 'admin', dataDir });
    expect(decodeProtectedHeader(token).kid).toBe(set.keys[0]?.kid);
    const { payload } = await jwtVerify(token, createLocalJWKSet(set), { issuer: LOCAL_TOKEN_ISSUER });
    expect(payload['custom:role']).toBe('admin');
  });
});

describe('createVerifier', () => {
  it('Given a token from another key pair, when it is verified, then it is rejected', async () => {
    const foreign = await issueToken({ role: 'admin', dataDir: otherDataDir });
    await expect(createVerifier(dataDir).verify(foreign)).rejects.toThrow();
  });

  it('Given a token signed by another key but naming our key id, when it is verified, then the signature check rejects it', async () => {
    const { kid } = await ourPrivateJwk();
    const otherKey = JSON.parse(
      await readFile(join(otherDataDir, 'jwt', 'signing-key.private.jwk.json'), 'utf8'),
    ) as JWK;
    const forged = await new SignJWT(localIdentityClaims({ role: 'admin' }))
      .setProtectedHeader({ alg: 'ES256', kid })
      .setIssuer(LOCAL_TOKEN_ISSUER)
      .setAudience(LOCAL_TOKEN_AUDIENCE)
      .setExpirationTime('1h')
      .sign(await importJWK(otherKey, 'ES256'));
    await expect(createVerifier(dataDir).verify(forged)).rejects.toMatchObject({
      code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
    });
  });

  it('Given a tampered payload, when it is verified, then it is rejected', async () => {
    const token = await issueToken({ role: 'submitter', districtCode: '73.71', dataDir });
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    claims['custom:role'] = 'admin';
    const tampered = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
    await expect(createVerifier(dataDir).verify(tampered)).rejects.toThrow();
  });

  it('Given our key but the wrong issuer or audience, when verified, then it is rejected', async () => {
    const key = await importJWK(await ourPrivateJwk(), 'ES256');
    const { kid } = await ourPrivateJwk();
    const sign = (iss: string, aud: string) =>
      new SignJWT(localIdentityClaims({ role: 'admin' }))
        .setProtectedHeader({ alg: 'ES256', kid })
        .setIssuer(iss)
        .setAudience(aud)
        .setExpirationTime('1h')
        .sign(key);
    const verifier = createVerifier(dataDir);
    await expect(verifier.verify(await sign('someone-else', LOCAL_TOKEN_AUDIENCE))).rejects.toMatchObject({
      code: 'ERR_JWT_CLAIM_VALIDATION_FAILED',
    });
    await expect(verifier.verify(await sign(LOCAL_TOKEN_ISSUER, 'other-api'))).rejects.toMatchObject({
      code: 'ERR_JWT_CLAIM_VALIDATION_FAILED',
    });
  });

  it('Given a token that expired a minute ago, when verified, then it is rejected as expired', async () => {
    const jwk = await ourPrivateJwk();
    const expired = await new SignJWT(localIdentityClaims({ role: 'admin' }))
      .setProtectedHeader({ alg: 'ES256', kid: jwk.kid })
      .setIssuer(LOCAL_TOKEN_ISSUER)
      .setAudience(LOCAL_TOKEN_AUDIENCE)
      .setIssuedAt(Math.floor(Date.now() / 1000) - 3600)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(await importJWK(jwk, 'ES256'));
    await expect(createVerifier(dataDir).verify(expired)).rejects.toMatchObject({ code: 'ERR_JWT_EXPIRED' });
  });

  it('Given a token verified once and cached, when its expiry passes, then the cache no longer accepts it', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-01T00:00:00Z'));
    const verifier = createVerifier(dataDir);
    const token = await issueToken({ role: 'admin', ttlSeconds: 60, dataDir });
    const first = await verifier.verify(token);
    expect(await verifier.verify(token)).toBe(first);

    vi.setSystemTime(new Date('2026-03-01T00:02:00Z'));
    await expect(verifier.verify(token)).rejects.toMatchObject({ code: 'ERR_JWT_EXPIRED' });
  });

  it('Given garbage instead of a token, when verified, then it is rejected', async () => {
    const verifier = createVerifier(dataDir);
    await expect(verifier.verify('not-a-jwt')).rejects.toThrow();
    await expect(verifier.verify('')).rejects.toThrow();
  });
});
