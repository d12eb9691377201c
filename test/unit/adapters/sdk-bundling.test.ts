import { describe, expect, it } from 'vitest';
import LRUCache from '../../../functions/adapters/sdk-bundling/lru-cache.js';
import {
  EventStreamSerde,
  eventStreamSerdeProvider,
} from '../../../functions/adapters/sdk-bundling/no-event-streams.js';

describe('Given the LRU cache that stands in for mnemonist/lru-cache in the bundles', () => {
  it('when more keys are set than it holds, then the least recently used one is dropped', () => {
    const cache = new LRUCache<string, number>(2);
    cache.set('a', 1).set('b', 2);
    expect(cache.get('a')).toBe(1); // a is now the most recent
    cache.set('c', 3);
    expect(cache.has('b')).toBe(false);
    expect([cache.get('a'), cache.get('c'), cache.size]).toEqual([1, 3, 2]);
  });

  it('when a key is only peeked at, then its recency does not change', () => {
    const cache = new LRUCache<string, number>(2);
    cache.set('a', 1).set('b', 2);
    expect(cache.peek('a')).toBe(1);
    cache.set('c', 3);
    expect(cache.has('a')).toBe(false);
    expect(cache.peek('missing')).toBeUndefined();
  });

  it('when a key is set again, then it holds the new value and counts once; clear empties it', () => {
    const cache = new LRUCache<string, number[]>(3);
    cache.set('k', [1]).set('k', [2]);
    expect([cache.get('k'), cache.size]).toEqual([[2], 1]);
    cache.clear();
    expect([cache.size, cache.get('k')]).toEqual([0, undefined]);
  });

  it('when built with no room, then it refuses', () => {
    expect(() => new LRUCache(0)).toThrow(/positive integer/);
  });
});

describe('Given the stand-in for @smithy/core/event-streams', () => {
  it('when an event stream would be used, then it fails loudly naming the missing module', () => {
    expect(() => new EventStreamSerde()).toThrow(/@smithy\/core\/event-streams/);
    expect(() => eventStreamSerdeProvider()).toThrow(/not bundled/);
  });
});
