import {
  createHmac,
  createSecretKey,
  type KeyObject,
  randomBytes,
  randomFillSync,
  timingSafeEqual,
} from 'node:crypto';
import { open, readFile } from 'node:fs/promises';

const NONCE_BYTES = 16;
const MAC_BYTES = 16;
const KEY_BYTES = 32;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
/** Nonces are cut from one random block at a time: one call into the CSPRNG per 256 tokens. */
const NONCE_POOL_BYTES = NONCE_BYTES * 256;

/**
 * Task tokens: 128 random bits plus a 128-bit MAC under a key kept in the data directory, as
 * base64url. The MAC tells, without remembering every token ever issued, a token this engine
 * issued whose task has ended (TaskTimedOut, as on AWS) from one it never issued (InvalidToken).
 */
export class TaskTokens {
  /** A key object made once: an HMAC over a raw Buffer key imports the key again on every call. */
  private readonly key: KeyObject;
  private readonly pool = Buffer.alloc(NONCE_POOL_BYTES);
  private poolOffset = NONCE_POOL_BYTES;

  private constructor(key: Buffer) {
    this.key = createSecretKey(key);
  }

  static async load(keyPath: string): Promise<TaskTokens> {
    try {
      const key = await readFile(keyPath);
      if (key.length === KEY_BYTES) return new TaskTokens(key);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const key = randomBytes(KEY_BYTES);
    const file = await open(keyPath, 'w', 0o600);
    try {
      await file.writeFile(key);
    } finally {
      await file.close();
    }
    return new TaskTokens(key);
  }

  mint(): string {
    if (this.poolOffset === NONCE_POOL_BYTES) {
      randomFillSync(this.pool);
      this.poolOffset = 0;
    }
    const nonce = this.pool.subarray(this.poolOffset, this.poolOffset + NONCE_BYTES);
    this.poolOffset += NONCE_BYTES;
    return Buffer.concat([nonce, this.mac(nonce)]).toString('base64url');
  }

  /** true when this engine issued the token, whatever has become of its task since. */
  isGenuine(token: string): boolean {
    if (!TOKEN_PATTERN.test(token)) return false;
    const raw = Buffer.from(token, 'base64url');
    if (raw.length !== NONCE_BYTES + MAC_BYTES) return false;
    return timingSafeEqual(raw.subarray(NONCE_BYTES), this.mac(raw.subarray(0, NONCE_BYTES)));
  }

  private mac(nonce: Buffer): Buffer {
    return createHmac('sha256', this.key).update(nonce).digest().subarray(0, MAC_BYTES);
  }
}
