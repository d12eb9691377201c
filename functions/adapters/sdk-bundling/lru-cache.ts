/**
 * Stands in for `mnemonist/lru-cache` in the Lambda bundles (infra/stack/bundling.ts). Its only
 * user is the DynamoDB client's endpoint-discovery cache (`@aws-sdk/endpoint-cache`), which every
 * client builds at construction and which holds entries only when endpoint discovery is turned on
 * (it is not, for DynamoDB, unless configured). mnemonist is CommonJS with typed-array storage:
 * about 7 KB and a `require` wrapper in every bundle. A Map keeps insertion order, which is all an
 * LRU needs: a read moves the key to the end, and a write past capacity drops the first key.
 * Only what EndpointCache calls is provided: get, peek, has, set, clear, size.
 */
export default class LRUCache<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new Error(`LRUCache capacity must be a positive integer, got ${capacity}`);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  /** The value, now the most recently used. */
  get(key: K): V | undefined {
    if (!this.entries.has(key)) return undefined;
    const value = this.entries.get(key) as V;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  /** The value, without touching its recency. */
  peek(key: K): V | undefined {
    return this.entries.get(key);
  }

  has(key: K): boolean {
    return this.entries.has(key);
  }

  /** Stores the value as the most recently used, evicting the least recently used past capacity. */
  set(key: K, value: V): this {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    return this;
  }

  clear(): void {
    this.entries.clear();
  }
}
