import { randomBytes } from 'node:crypto';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A ULID: 48 bits of milliseconds and 80 random bits in Crockford base32, so ids sort by creation
 * time and stay short enough for execution names (26 characters).
 */
export function newProposalId(now = Date.now()): string {
  let time = '';
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const bytes = randomBytes(16);
  let random = '';
  for (let i = 0; i < 16; i++) random += CROCKFORD[(bytes[i] ?? 0) % 32];
  return time + random;
}

/** 256 random bits, URL-safe: an action id is a capability, so it must not be guessable. */
export const newActionId = (): string => randomBytes(32).toString('base64url');
