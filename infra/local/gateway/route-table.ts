/**
 * Route selection as API Gateway HTTP APIs do it: `METHOD /path/{param}` keys, the most specific
 * route wins (a literal segment beats `{param}`, which beats a greedy `{param+}`), and parameter
 * values arrive URL-decoded. Compiled once at start; matching a request allocates only the split path
 * and the parameters object.
 */

export interface RouteMatch<T> {
  value: T;
  /** Empty for routes without parameters. */
  params: Record<string, string>;
}

export interface RouteTable<T> {
  match(method: string, rawPath: string): RouteMatch<T> | undefined;
}

type Segment =
  | { kind: 'literal'; text: string }
  | { kind: 'param'; name: string }
  | { kind: 'greedy'; name: string };

interface CompiledPattern<T> {
  path: string;
  segments: Segment[];
  value: T;
}

interface MethodTable<T> {
  literal: Map<string, T>;
  /** Patterns with parameters, most specific first. */
  patterns: CompiledPattern<T>[];
}

const NO_PARAMS: Record<string, string> = Object.freeze({}) as Record<string, string>;
const SEGMENT_RANK = { literal: 0, param: 1, greedy: 2 } as const;

export function compileRouteTable<T>(
  entries: readonly { method: string; path: string; value: T }[],
): RouteTable<T> {
  const byMethod = new Map<string, MethodTable<T>>();
  for (const { method, path, value } of entries) {
    const upper = method.toUpperCase();
    let table = byMethod.get(upper);
    if (!table) {
      table = { literal: new Map(), patterns: [] };
      byMethod.set(upper, table);
    }
    const segments = parsePath(path);
    const duplicate = table.literal.has(path) || table.patterns.some((p) => sameShape(p.segments, segments));
    if (duplicate) throw new Error(`Duplicate route: ${upper} ${path}`);
    if (segments.every((s) => s.kind === 'literal')) table.literal.set(path, value);
    else table.patterns.push({ path, segments, value });
  }
  for (const table of byMethod.values())
    table.patterns.sort((a, b) => compareSpecificity(a.segments, b.segments));

  const matchExact = (method: string, rawPath: string): RouteMatch<T> | undefined => {
    const table = byMethod.get(method);
    if (!table) return undefined;
    const exact = table.literal.get(rawPath);
    if (exact !== undefined) return { value: exact, params: NO_PARAMS };
    if (table.patterns.length === 0) return undefined;
    const parts = rawPath.split('/');
    for (const pattern of table.patterns) {
      const params = matchSegments(pattern.segments, parts);
      if (params) return { value: pattern.value, params };
    }
    return undefined;
  };

  return {
    // API Gateway routes `/app/` to the `/app` route (a route key cannot end in a slash), so a
    // trailing slash that matches nothing is tried once without it.
    match: (method, rawPath) =>
      matchExact(method, rawPath) ??
      (rawPath.length > 1 && rawPath.endsWith('/') ? matchExact(method, rawPath.slice(0, -1)) : undefined),
  };
}

function parsePath(path: string): Segment[] {
  if (!path.startsWith('/')) throw new Error(`Route path must start with "/": ${path}`);
  const parts = path.split('/');
  return parts.map((part, index): Segment => {
    if (!part.startsWith('{') || !part.endsWith('}')) {
      if (part.includes('{') || part.includes('}'))
        throw new Error(`Malformed route segment "${part}" in ${path}`);
      return { kind: 'literal', text: part };
    }
    const inner = part.slice(1, -1);
    if (inner.endsWith('+')) {
      if (index !== parts.length - 1) throw new Error(`Greedy parameter must be the last segment: ${path}`);
      return { kind: 'greedy', name: inner.slice(0, -1) };
    }
    return { kind: 'param', name: inner };
  });
}

function matchSegments(segments: Segment[], parts: string[]): Record<string, string> | undefined {
  const last = segments[segments.length - 1];
  const greedy = last?.kind === 'greedy';
  if (greedy ? parts.length < segments.length : parts.length !== segments.length) return undefined;
  let params: Record<string, string> | undefined;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] as Segment;
    const part = parts[i] as string;
    if (segment.kind === 'literal') {
      if (part !== segment.text) return undefined;
      continue;
    }
    const raw = segment.kind === 'greedy' ? parts.slice(i).join('/') : part;
    if (raw.length === 0) return undefined;
    params ??= {};
    params[segment.name] = decodeSegment(raw);
  }
  return params ?? NO_PARAMS;
}

function decodeSegment(raw: string): string {
  if (!raw.includes('%')) return raw;
  try {
    return decodeURIComponent(raw);
  } catch {
    // A malformed escape is passed on as sent; the handler's validation rejects it clearly.
    return raw;
  }
}

function compareSpecificity(a: Segment[], b: Segment[]): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const diff = SEGMENT_RANK[(a[i] as Segment).kind] - SEGMENT_RANK[(b[i] as Segment).kind];
    if (diff !== 0) return diff;
  }
  return b.length - a.length;
}

function sameShape(a: Segment[], b: Segment[]): boolean {
  return (
    a.length === b.length &&
    a.every((segment, i) => {
      const other = b[i] as Segment;
      return (
        segment.kind === other.kind &&
        (segment.kind !== 'literal' || segment.text === (other as { text: string }).text)
      );
    })
  );
}
