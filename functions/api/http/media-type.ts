/**
 * Whether a Content-Type header names JSON. Media types are case-insensitive (RFC 9110 §8.3.1)
 * and may carry parameters (`; charset=UTF-8`); `application/jsonx` or `text/json` are not JSON.
 */
export function isJsonMediaType(header: string | undefined): boolean {
  if (!header) return false;
  const semicolon = header.indexOf(';');
  const essence = (semicolon === -1 ? header : header.slice(0, semicolon)).trim().toLowerCase();
  return essence === 'application/json';
}
