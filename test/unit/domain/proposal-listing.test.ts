import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Caller } from '../../../functions/domain/caller.js';
import { DomainError } from '../../../functions/domain/errors.js';
import { mergeRuns, type SortedRun } from '../../../functions/domain/merge-runs.js';
import { decodeCursor, encodeCursor } from '../../../functions/domain/page-cursor.js';
import { listScope, parseListQuery } from '../../../functions/domain/proposal-listing.js';

const makassar: Caller = { id: 's1', email: 'op@makassar.local', role: 'submitter', districtCode: '73.71' };
const approver: Caller = { id: 'a1', email: 'kabid@disperin.local', role: 'approver', stage: 'KABID_IKM' };
const auditor: Caller = { id: 'u1', email: 'audit@disperin.local', role: 'auditor' };

const errorOf = (fn: () => unknown): DomainError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
};

describe('GET /proposals query', () => {
  it('given a fiscal year only, when parsed, then the year is a number and nothing else is set', () => {
    expect(parseListQuery({ fiscalYear: '2016' })).toEqual({ fiscalYear: 2016 });
  });

  it('given every parameter, when parsed, then each has its type', () => {
    expect(
      parseListQuery({
        fiscalYear: '2016',
        districtCode: '73.71',
        status: 'RETURNED',
        cursor: 'abc',
        limit: '100',
      }),
    ).toEqual({ fiscalYear: 2016, districtCode: '73.71', status: 'RETURNED', cursor: 'abc', limit: 100 });
  });

  it('given no fiscal year, when parsed, then 400 names fiscalYear in Bahasa Indonesia', () => {
    const error = errorOf(() => parseListQuery({ districtCode: '73.71' }));
    expect(error.httpStatus).toBe(400);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details).toEqual([{ path: 'fiscalYear', message: expect.stringContaining('wajib') }]);
  });

  it.each([
    ['a limit above 100', { fiscalYear: '2016', limit: '101' }, 'limit'],
    ['a limit of 0', { fiscalYear: '2016', limit: '0' }, 'limit'],
    ['a limit that is not a number', { fiscalYear: '2016', limit: 'semua' }, 'limit'],
    ['an unknown status', { fiscalYear: '2016', status: 'DRAFT' }, 'status'],
    ['a BPS district code', { fiscalYear: '2016', districtCode: '7371' }, 'districtCode'],
    ['a two-digit year', { fiscalYear: '16' }, 'fiscalYear'],
    ['an unknown parameter', { fiscalYear: '2016', fiscalyear: '2017' }, ''],
  ])('given %s, when parsed, then 400 names the parameter', (_, raw, path) => {
    const error = errorOf(() => parseListQuery(raw));
    expect(error.httpStatus).toBe(400);
    expect(error.details.map((d) => d.path)).toContain(path);
  });
});

describe('who lists what', () => {
  it('given a submitter without districtCode, when scoped, then it lists its own district', () => {
    expect(listScope(makassar, { fiscalYear: 2016 })).toEqual({
      kind: 'district',
      fiscalYear: 2016,
      districtCode: '73.71',
      status: undefined,
    });
  });

  it('given a submitter naming its own district and a status, when scoped, then that status of its district', () => {
    expect(
      listScope(makassar, { fiscalYear: 2016, districtCode: '73.71', status: 'RETURNED' }),
    ).toMatchObject({
      kind: 'district',
      districtCode: '73.71',
      status: 'RETURNED',
    });
  });

  it('given a submitter naming another district, when scoped, then 403', () => {
    const error = errorOf(() => listScope(makassar, { fiscalYear: 2016, districtCode: '73.72' }));
    expect(error.httpStatus).toBe(403);
    expect(error.message).toContain('73.71');
  });

  it('given a submitter token bound to no district, when scoped, then 403', () => {
    expect(
      errorOf(() => listScope({ ...makassar, districtCode: undefined }, { fiscalYear: 2016 })).httpStatus,
    ).toBe(403);
  });

  it('given an approver, when scoped, then a district, a status queue or the whole year as asked', () => {
    expect(listScope(approver, { fiscalYear: 2016, districtCode: '73.72' })).toMatchObject({
      kind: 'district',
      districtCode: '73.72',
    });
    expect(listScope(approver, { fiscalYear: 2016, status: 'AWAITING_APPROVAL' })).toEqual({
      kind: 'yearStatus',
      fiscalYear: 2016,
      status: 'AWAITING_APPROVAL',
    });
    expect(listScope(auditor, { fiscalYear: 2016 })).toEqual({ kind: 'year', fiscalYear: 2016 });
  });
});

describe('page cursors', () => {
  const schema = z.strictObject({ GSI2SK: z.string().startsWith('2016-') });

  it('given a position, when encoded and decoded, then the same position comes back', () => {
    const cursor = encodeCursor({ GSI2SK: '2016-03-01T00:00:00.000Z#01ARZ3NDEKTSV4RRFFQ69G5FAV' });
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, schema)).toEqual({
      GSI2SK: '2016-03-01T00:00:00.000Z#01ARZ3NDEKTSV4RRFFQ69G5FAV',
    });
  });

  it.each([
    ['not base64url', 'abc+/='],
    ['not JSON', Buffer.from('{"GSI2SK":').toString('base64url')],
    ["another listing's key", encodeCursor({ GSI1PK: 'DISTRICT#73.71#FY#2016' })],
    ['an extra field', encodeCursor({ GSI2SK: '2016-01', admin: 'true' })],
    ['far too long', 'A'.repeat(2000)],
    ['its own encoding with a stray character added', `${encodeCursor({ GSI2SK: '2016-01' })}x`],
  ])('given a cursor that is %s, when decoded, then 400 names the cursor', (_, cursor) => {
    const error = errorOf(() => decodeCursor(cursor, schema));
    expect(error.httpStatus).toBe(400);
    expect(error.details[0]?.path).toBe('cursor');
  });
});

interface Row {
  key: string;
  version: number;
}
const keysOf = { sortKey: (r: Row) => r.key, version: (r: Row) => r.version };

describe('merging partitions into one page', () => {
  it('given runs with no more items, when merged, then all items in key order and no more', () => {
    const runs: SortedRun<Row>[] = [
      {
        items: [
          { key: 'b', version: 1 },
          { key: 'd', version: 1 },
        ],
        truncated: false,
      },
      {
        items: [
          { key: 'a', version: 1 },
          { key: 'c', version: 1 },
        ],
        truncated: false,
      },
      { items: [], truncated: false },
    ];
    expect(mergeRuns(runs, keysOf, 10)).toEqual({
      items: ['a', 'b', 'c', 'd'].map((key) => ({ key, version: 1 })),
      more: false,
    });
  });

  it('given a truncated run, when merged, then the page stops at its last key even below the limit', () => {
    const runs: SortedRun<Row>[] = [
      {
        items: [
          { key: 'a', version: 1 },
          { key: 'c', version: 1 },
        ],
        truncated: true,
      },
      {
        items: [
          { key: 'b', version: 1 },
          { key: 'd', version: 1 },
        ],
        truncated: false,
      },
    ];
    expect(mergeRuns(runs, keysOf, 10)).toEqual({
      items: ['a', 'b', 'c'].map((key) => ({ key, version: 1 })),
      more: true,
    });
  });

  it('given one item read in two partitions (it moved), when merged, then it appears once, as its newer version', () => {
    const runs: SortedRun<Row>[] = [
      { items: [{ key: 'a', version: 3 }], truncated: false },
      { items: [{ key: 'a', version: 4 }], truncated: false },
    ];
    expect(mergeRuns(runs, keysOf, 10).items).toEqual([{ key: 'a', version: 4 }]);
  });

  it('given any items spread over partitions, when paged to the end, then each appears exactly once, in order', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 6 }), { maxLength: 60 }),
        fc.array(fc.nat(9), { minLength: 60, maxLength: 60 }),
        fc.integer({ min: 1, max: 7 }),
        fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 40, maxLength: 40 }),
        (keys, partitionOf, limit, oneMegabyteCuts) => {
          const partitions = Array.from({ length: 10 }, () => [] as Row[]);
          for (const [i, key] of keys.entries()) partitions[partitionOf[i] ?? 0]?.push({ key, version: 1 });
          for (const p of partitions) p.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

          const seen: string[] = [];
          let after: string | undefined;
          for (let page = 0; page < 200; page++) {
            // Each partition read as DynamoDB would: limit + 1 items, or fewer when its page is full.
            const runs = partitions.map((rows, i) => {
              const rest = rows.filter((r) => after === undefined || r.key > after);
              const cap = Math.min(
                limit + 1,
                oneMegabyteCuts[(page + i) % oneMegabyteCuts.length] ?? limit + 1,
              );
              return { items: rest.slice(0, cap), truncated: rest.length > cap };
            });
            const { items, more } = mergeRuns(runs, keysOf, limit);
            expect(items.length).toBeLessThanOrEqual(limit);
            seen.push(...items.map((r) => r.key));
            if (!more) break;
            expect(items.length).toBeGreaterThan(0);
            after = items.at(-1)?.key;
          }
          expect(seen).toEqual([...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
        },
      ),
      { numRuns: 300 },
    );
  });
});
