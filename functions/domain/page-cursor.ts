import * as z from 'zod/mini';
import { DomainError } from './errors.js';

/** Longer than any key this system writes; anything beyond is not one of ours. */
const MAX_CURSOR_CHARS = 1024;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * A listing's position as an opaque string: base64url of the JSON of the last key read. It is not
 * signed: a client that forges a well-formed cursor only skips ahead within a listing it may read
 * anyway, and the schema given to `decodeCursor` pins the cursor to that listing.
 */
export const encodeCursor = (position: Readonly<Record<string, string>>): string =>
  Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');

export const invalidCursor = (): DomainError =>
  new DomainError('VALIDATION_FAILED', 'Cursor halaman tidak sah; ulangi dari halaman pertama', 400, [
    { path: 'cursor', message: 'Cursor tidak dikenali atau bukan untuk daftar ini' },
  ]);

/** The position a cursor names, if it is one this listing handed out; 400 otherwise. */
export function decodeCursor<T>(cursor: string, schema: z.core.$ZodType<T>): T {
  if (cursor.length > MAX_CURSOR_CHARS || !BASE64URL.test(cursor)) throw invalidCursor();
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  // Base64 decoding forgives stray characters; only the exact encoding this listing made is one.
  if (Buffer.from(text, 'utf8').toString('base64url') !== cursor) throw invalidCursor();
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw invalidCursor();
  }
  const parsed = z.safeParse(schema, data);
  if (!parsed.success) throw invalidCursor();
  return parsed.data;
}
