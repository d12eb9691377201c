import { sfnError } from './errors.js';

/** Opaque pagination tokens (nextToken): where the next page starts, bound to the listing. */
export function encodePageToken(scope: string, position: number): string {
  return Buffer.from(JSON.stringify({ s: scope, p: position })).toString('base64url');
}

export function decodePageToken(token: string, scope: string): number {
  try {
    const value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as {
      s?: unknown;
      p?: unknown;
    };
    if (value.s === scope && typeof value.p === 'number' && Number.isInteger(value.p) && value.p >= 0)
      return value.p;
  } catch {
    // Falls through to the error below: a token that does not decode is as invalid as a foreign one.
  }
  throw sfnError('InvalidToken', 'Invalid pagination token');
}

/** maxResults: 0 or absent means the default page size, as on AWS. */
export function pageSize(maxResults: number | undefined, fallback = 100): number {
  return maxResults === undefined || maxResults === 0 ? fallback : maxResults;
}
