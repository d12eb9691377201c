/** JSON as the state machine sees it: what survives a round trip through JSON text. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A detached copy with JSON semantics (undefined fields dropped, dates as strings), which is what a
 * Lambda function receives and returns on AWS; it also keeps a handler from mutating state data
 * that the journal and the history still reference.
 */
export function toJson(value: unknown): JsonValue {
  const text = JSON.stringify(value);
  return text === undefined ? null : (JSON.parse(text) as JsonValue);
}
