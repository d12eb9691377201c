import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as poolRepository from '../../functions/adapters/dynamodb/pool-repository.js';
import * as referenceRepository from '../../functions/adapters/dynamodb/reference-repository.js';
import { resetEnvCache } from '../../functions/adapters/env.js';
import { createReferenceDataHandler } from '../../functions/reference-data/reference-data-handler.js';
import { type DynamoDbLocal, startDynamoDbLocal } from '../../infra/local/dynamodb-local.js';
import { ensureTable } from '../../infra/local/table-setup.js';
import { freePort } from '../support/free-port.js';

/**
 * The deploy-time seeding (the custom resource's handler) against DynamoDB Local: what the
 * Provider framework sends on create and on the update a change of data/ causes.
 */
const PROJECT_ROOT = resolve(import.meta.dirname, '../..');
const TABLE = 'ikm-seed-test';

let dynamo: DynamoDbLocal;
let client: DynamoDBClient;
let scratch: string;
let dataRoot: string;

const event = (
  RequestType: 'Create' | 'Update' | 'Delete',
  SamplePools: 'true' | 'false',
): CloudFormationCustomResourceEvent =>
  ({
    RequestType,
    ServiceToken: 'arn:aws:lambda:ap-southeast-3:111122223333:function:provider',
    ResponseURL: 'https://example.invalid/response',
    StackId: 'arn:aws:cloudformation:ap-southeast-3:111122223333:stack/IkmProposal-dev/1',
    RequestId: 'request-1',
    LogicalResourceId: 'ReferenceData',
    ResourceType: 'Custom::IkmReferenceData',
    ResourceProperties: { ServiceToken: 'x', DataHash: 'h', SamplePools },
    ...(RequestType === 'Create'
      ? {}
      : { PhysicalResourceId: 'ikm-reference-data', OldResourceProperties: { ServiceToken: 'x' } }),
  }) as CloudFormationCustomResourceEvent;

/** Every item of the table, as stored. */
async function tableContents(): Promise<string[]> {
  const out = await client.send(new ScanCommand({ TableName: TABLE, ConsistentRead: true }));
  return (out.Items ?? []).map((item) => JSON.stringify(item)).sort();
}

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'ikm-seed-'));
  dataRoot = join(scratch, 'data');
  cpSync(join(PROJECT_ROOT, 'data'), dataRoot, { recursive: true });
  dynamo = await startDynamoDbLocal({ port: await freePort(), pidFile: join(scratch, 'dynamodb.pid') });
  Object.assign(process.env, {
    TABLE_NAME: TABLE,
    AWS_REGION: 'ap-southeast-3',
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
  });
  resetEnvCache();
  client = new DynamoDBClient({ region: 'ap-southeast-3' });
  await ensureTable(client, TABLE);
}, 60_000);

afterAll(async () => {
  client?.destroy();
  await dynamo?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

describe('Given an empty table and a stage without sample pools', () => {
  it('when the stack is created, then districts, province lists and rule sets are seeded, and no pool', async () => {
    const out = await createReferenceDataHandler(dataRoot)(event('Create', 'false'));
    expect(out.PhysicalResourceId).toBe('ikm-reference-data');
    expect(out.Data?.Created).toBeGreaterThan(24);
    expect(await referenceRepository.districts()).toHaveLength(24);
    expect(await referenceRepository.province()).not.toBeNull();
    expect((await referenceRepository.latestRuleSet(2016))?.version).toBe(1);
    expect(await poolRepository.ofYear(2016)).toEqual([]);
  });

  it('when an admin changed a district and the stack is updated, then nothing is written and the change stays', async () => {
    const before = await referenceRepository.district('73.71');
    expect(before).not.toBeNull();
    const changed = { ...(before as NonNullable<typeof before>), name: 'Kota Makassar (diubah admin)' };
    const { version: _v, ...edited } = changed;
    expect(
      await referenceRepository.updateDistrict(before as NonNullable<typeof before>, edited, {
        at: new Date().toISOString(),
        actor: 'admin-1',
        note: 'nama resmi',
      }),
    ).toBe(true);
    const stored = await tableContents();

    const out = await createReferenceDataHandler(dataRoot)(event('Update', 'false'));

    expect(out.Data?.Created).toBe(0);
    expect(await tableContents()).toEqual(stored);
    expect((await referenceRepository.district('73.71'))?.name).toBe('Kota Makassar (diubah admin)');
  });

  it('when a new fiscal year file is added, then the next deploy adds exactly that rule set', async () => {
    const ruleSet = JSON.parse(readFileSync(join(dataRoot, 'policies', '2016.json'), 'utf8'));
    writeFileSync(join(dataRoot, 'policies', '2017.json'), JSON.stringify({ ...ruleSet, fiscalYear: 2017 }));
    const stored = await tableContents();

    const out = await createReferenceDataHandler(dataRoot)(event('Update', 'false'));

    expect(out.Data?.Created).toBe(1);
    expect((await referenceRepository.latestRuleSet(2017))?.version).toBe(1);
    const after = await tableContents();
    expect(after.filter((item) => !stored.includes(item)).length).toBeGreaterThan(0);
    // Everything that was there is still there, unchanged.
    expect(stored.filter((item) => !after.includes(item))).toEqual([]);
  });

  it('when a test stage asks for sample pools, then they are added; and deleting the resource writes nothing', async () => {
    await createReferenceDataHandler(dataRoot)(event('Update', 'true'));
    expect((await poolRepository.ofYear(2016)).length).toBeGreaterThan(0);
    const stored = await tableContents();

    const out = await createReferenceDataHandler(dataRoot)(event('Delete', 'true'));

    expect(out.PhysicalResourceId).toBe('ikm-reference-data');
    expect(await tableContents()).toEqual(stored);
  });
});
