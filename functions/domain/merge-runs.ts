/** Items read from one index partition after a cursor, ascending by their sort key. */
export interface SortedRun<T> {
  items: readonly T[];
  /** The read stopped early (its limit, or DynamoDB's 1 MB page): items past its last one are unseen. */
  truncated: boolean;
}

export interface MergeKeys<T> {
  /** Unique per item and the same in every run, e.g. `createdAt#id`. */
  sortKey: (item: T) => string;
  /** Breaks a tie when one item was read twice (it moved partition between two reads). */
  version: (item: T) => number;
}

/**
 * One page of a listing spread over several partitions, in one order across all of them. The page
 * stops at the lowest last-seen key of any truncated run: past it that run may hold items not yet
 * read, so taking anything later could skip one. The next page starts after the page's last key.
 */
export function mergeRuns<T>(
  runs: readonly SortedRun<T>[],
  keys: MergeKeys<T>,
  limit: number,
): { items: T[]; more: boolean } {
  let horizon: string | undefined;
  const byKey = new Map<string, T>();
  for (const run of runs) {
    const last = run.items.at(-1);
    if (run.truncated) {
      // Without a filter expression a truncated read always holds an item; anything else is a bug.
      if (last === undefined) throw new Error('a truncated run must hold at least one item');
      const key = keys.sortKey(last);
      if (horizon === undefined || key < horizon) horizon = key;
    }
    for (const item of run.items) {
      const key = keys.sortKey(item);
      const seen = byKey.get(key);
      if (!seen || keys.version(item) > keys.version(seen)) byKey.set(key, item);
    }
  }
  const sorted = [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const safe = horizon === undefined ? sorted : sorted.filter(([key]) => key <= horizon);
  const items = safe.slice(0, limit).map(([, item]) => item);
  return { items, more: horizon !== undefined || items.length < sorted.length };
}
