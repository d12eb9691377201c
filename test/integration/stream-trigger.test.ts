import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DynamoDbLocal, startDynamoDbLocal } from '../../infra/local/dynamodb-local.js';
import { reportWrites, type StreamTrigger, startStreamTrigger } from '../../infra/local/stream-trigger.js';
import { ensureTable } from '../../infra/local/table-setup.js';
import { freePort } from '../support/free-port.js';

const TABLE = 'ikm-stream-test';
const REGION = 'ap-southeast-3';

/** The stream trigger against a real DynamoDB Local: what it hands over, and what it must not. */
describe('local stream trigger', () => {
  let dir: string;
  let ddbLocal: DynamoDbLocal;
  let client: DynamoDBClient;
  let trigger: StreamTrigger;
  const delivered: string[] = [];

  const put = (pk: string, kind: string) =>
    client.send(
      new PutItemCommand({ TableName: TABLE, Item: { PK: { S: pk }, SK: { S: 'X' }, kind: { S: kind } } }),
    );
  const until = async (done: () => boolean, ms = 10_000) => {
    for (const end = Date.now() + ms; !done(); ) {
      if (Date.now() > end) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ikm-stream-'));
    ddbLocal = await startDynamoDbLocal({
      port: await freePort(),
      dbDir: dir,
      pidFile: join(dir, 'ddb.pid'),
    });
    client = new DynamoDBClient({
      region: REGION,
      endpoint: ddbLocal.endpoint,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    await ensureTable(client, TABLE);
    trigger = await startStreamTrigger({
      endpoint: ddbLocal.endpoint,
      region: REGION,
      tableName: TABLE,
      consumers: [
        {
          name: 'wanted',
          patterns: [{ dynamodb: { NewImage: { kind: { S: ['WANTED'] } } } }],
          handler: async ({ Records }) => {
            for (const r of Records) {
              const image = r.dynamodb.NewImage as { PK: { S: string } };
              delivered.push(image.PK.S);
            }
          },
        },
      ],
    });
  }, 60_000);

  afterAll(async () => {
    await trigger?.stop();
    client?.destroy();
    await ddbLocal?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('hands over the records a pattern matches, and only those', async () => {
    await put('A', 'OTHER');
    await put('B', 'WANTED');
    await until(() => delivered.includes('B'));
    expect(delivered).toEqual(['B']);
  });

  it('while detached, reads nothing, and what was written meanwhile reaches no consumer', async () => {
    await trigger.detachedWhile(async () => {
      await put('C', 'WANTED');
      // Several poll intervals: a trigger still reading would have handed C over by now.
      await new Promise((r) => setTimeout(r, 500));
      expect(delivered).not.toContain('C');
    });
    await put('D', 'WANTED');
    await until(() => delivered.includes('D'));
    expect(delivered).toEqual(['B', 'D']);
  });

  it("reports the client's writes, not its reads, and hands a reported write's record over", async () => {
    let reported = 0;
    const remove = reportWrites(client, () => {
      reported++;
      trigger.wrote();
    });
    try {
      await put('E', 'WANTED');
      await client.send(new GetItemCommand({ TableName: TABLE, Key: { PK: { S: 'E' }, SK: { S: 'X' } } }));
      expect(reported).toBe(1);
      await until(() => delivered.includes('E'));
    } finally {
      remove();
    }
    await put('F', 'OTHER');
    expect(reported).toBe(1);
    expect(delivered).toEqual(['B', 'D', 'E']);
  });
});
