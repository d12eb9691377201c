import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoDb, tableName } from '../../functions/adapters/dynamodb/client.js';
import { startTestStack, type TestStack } from '../support/local-stack.js';

const LIMIT = 5;
let t: TestStack;

beforeAll(async () => {
  // A small limit, so that one client passes it quickly; everything else is the real stack.
  t = await startTestStack({ ACTION_REQUESTS_PER_CLIENT_PER_MINUTE: String(LIMIT) });
}, 60_000);

afterAll(async () => {
  await t?.stop();
  delete process.env.ACTION_REQUESTS_PER_CLIENT_PER_MINUTE;
});

describe('The per-client limit of the /actions pages', () => {
  it('Given one client over its limit When it opens a link again Then it gets 429, Retry-After and an Indonesian page, and its address is stored nowhere', async () => {
    // Enough requests that one fixed one-minute window surely holds more than the limit, even if
    // the run crosses a minute boundary.
    const statuses: number[] = [];
    let limited: Response | undefined;
    for (let i = 0; i < 2 * LIMIT + 2 && !limited; i++) {
      const res = await fetch(`${t.url}/actions/${'a'.repeat(43)}`);
      statuses.push(res.status);
      if (res.status === 429) limited = res;
      else await res.text();
    }
    expect(statuses.slice(0, LIMIT)).toEqual(Array(LIMIT).fill(404));
    expect(limited?.status).toBe(429);
    const retryAfter = Number(limited?.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(limited?.headers.get('content-type')).toContain('text/html');
    const page = (await limited?.text()) ?? '';
    expect(page).toContain('Mohon tunggu sebentar');
    expect(page).toContain(`${retryAfter} detik`);

    // The counters are keyed by a salted hash: no stored attribute holds the address.
    const { Items = [] } = await dynamoDb().send(new ScanCommand({ TableName: tableName() }));
    const counters = Items.filter(
      (item) => item.PK?.S?.startsWith('RATE#') && item.SK?.S?.startsWith('MIN#'),
    );
    expect(counters.length).toBeGreaterThan(0);
    expect(JSON.stringify(Items)).not.toContain('127.0.0.1');
    for (const c of counters) expect(c.PK?.S).toMatch(/^RATE#[A-Za-z0-9_-]{22}$/);
  });
});
