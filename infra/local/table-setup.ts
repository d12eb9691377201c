import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  ResourceInUseException,
  ResourceNotFoundException,
  type TableDescription,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { TABLE_DEFINITION } from '../../functions/adapters/dynamodb/table-definition.js';

const POLL_INTERVAL_MS = 25;
const ACTIVE_TIMEOUT_MS = 30_000;

type Gsi = (typeof TABLE_DEFINITION.globalSecondaryIndexes)[number];

/**
 * The table of TABLE_DEFINITION, as the CDK stack builds it on AWS: string keys, on-demand, every
 * GSI projecting ALL, TTL on its attribute. Idempotent: an existing table is kept with its data and
 * only given what it lacks (an index added to the definition since, TTL, the stream), so an old `.data/` keeps
 * working. DynamoDB Local makes tables ACTIVE at once: on a just-started JVM a new table takes
 * 0.2–0.6 s (its first CreateTable runs cold code), an existing one 30–60 ms.
 */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<void> {
  const existing = await describe(client, tableName);
  if (existing) {
    await addMissingIndexes(client, tableName, existing);
    await enableStream(client, tableName, existing);
    await enableTimeToLive(client, tableName);
    return;
  }
  let created: TableDescription | undefined;
  try {
    created = (await client.send(new CreateTableCommand(createTableInput(tableName)))).TableDescription;
  } catch (error) {
    // Another process (a second stack on the same DynamoDB Local) created it first.
    if (!(error instanceof ResourceInUseException)) throw error;
    await waitUntilActive(client, tableName);
    await enableTimeToLive(client, tableName);
    return;
  }
  // DynamoDB Local answers CreateTable with everything ACTIVE already; AWS would still be CREATING.
  if (!created || !isActive(created)) await waitUntilActive(client, tableName);
  await client.send(new UpdateTimeToLiveCommand(ttlInput(tableName)));
}

function createTableInput(tableName: string): CreateTableCommandInput {
  const keyNames = [
    TABLE_DEFINITION.partitionKey,
    TABLE_DEFINITION.sortKey,
    ...TABLE_DEFINITION.globalSecondaryIndexes.flatMap((gsi) => [gsi.partitionKey, gsi.sortKey]),
  ];
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [...new Set(keyNames)].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
    KeySchema: [
      { AttributeName: TABLE_DEFINITION.partitionKey, KeyType: 'HASH' },
      { AttributeName: TABLE_DEFINITION.sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: TABLE_DEFINITION.globalSecondaryIndexes.map(gsiInput),
    StreamSpecification: { StreamEnabled: true, StreamViewType: TABLE_DEFINITION.streamViewType },
  };
}

/** The change stream the mail sender is fed from (infra/local/stream-trigger.ts), on a table made before it. */
async function enableStream(
  client: DynamoDBClient,
  tableName: string,
  table: TableDescription,
): Promise<void> {
  const spec = table.StreamSpecification;
  if (spec?.StreamEnabled && spec.StreamViewType === TABLE_DEFINITION.streamViewType) return;
  if (spec?.StreamEnabled) {
    throw new Error(
      `table ${tableName} streams ${spec.StreamViewType}, not ${TABLE_DEFINITION.streamViewType}; start with --reset`,
    );
  }
  await client.send(
    new UpdateTableCommand({
      TableName: tableName,
      StreamSpecification: { StreamEnabled: true, StreamViewType: TABLE_DEFINITION.streamViewType },
    }),
  );
  await waitUntilActive(client, tableName);
}

function gsiInput(gsi: Gsi) {
  return {
    IndexName: gsi.indexName,
    KeySchema: [
      { AttributeName: gsi.partitionKey, KeyType: 'HASH' as const },
      { AttributeName: gsi.sortKey, KeyType: 'RANGE' as const },
    ],
    Projection: { ProjectionType: 'ALL' as const },
  };
}

/** DynamoDB accepts one new index per UpdateTable call. */
async function addMissingIndexes(
  client: DynamoDBClient,
  tableName: string,
  table: TableDescription,
): Promise<void> {
  let current = table;
  for (const gsi of TABLE_DEFINITION.globalSecondaryIndexes) {
    if (current.GlobalSecondaryIndexes?.some((existing) => existing.IndexName === gsi.indexName)) continue;
    await client.send(
      new UpdateTableCommand({
        TableName: tableName,
        AttributeDefinitions: [gsi.partitionKey, gsi.sortKey].map((name) => ({
          AttributeName: name,
          AttributeType: 'S',
        })),
        GlobalSecondaryIndexUpdates: [{ Create: gsiInput(gsi) }],
      }),
    );
    current = await waitUntilActive(client, tableName);
  }
}

async function enableTimeToLive(client: DynamoDBClient, tableName: string): Promise<void> {
  const { TimeToLiveDescription: ttl } = await client.send(
    new DescribeTimeToLiveCommand({ TableName: tableName }),
  );
  if (ttl?.TimeToLiveStatus === 'ENABLED' || ttl?.TimeToLiveStatus === 'ENABLING') {
    if (ttl.AttributeName === TABLE_DEFINITION.timeToLiveAttribute) return;
    throw new Error(
      `table ${tableName} has TTL on ${ttl.AttributeName}, not ${TABLE_DEFINITION.timeToLiveAttribute}; start with --reset`,
    );
  }
  await client.send(new UpdateTimeToLiveCommand(ttlInput(tableName)));
}

const ttlInput = (tableName: string) => ({
  TableName: tableName,
  TimeToLiveSpecification: { Enabled: true, AttributeName: TABLE_DEFINITION.timeToLiveAttribute },
});

async function describe(client: DynamoDBClient, tableName: string): Promise<TableDescription | undefined> {
  try {
    return (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
}

const isActive = (table: TableDescription) =>
  table.TableStatus === 'ACTIVE' &&
  (table.GlobalSecondaryIndexes ?? []).every((gsi) => gsi.IndexStatus === 'ACTIVE');

/** The table and every index ACTIVE, so the first write cannot meet a CREATING index. */
async function waitUntilActive(client: DynamoDBClient, tableName: string): Promise<TableDescription> {
  const deadline = Date.now() + ACTIVE_TIMEOUT_MS;
  for (;;) {
    const table = await describe(client, tableName);
    if (table && isActive(table)) return table;
    if (Date.now() > deadline) {
      throw new Error(
        `table ${tableName} is not ACTIVE after ${ACTIVE_TIMEOUT_MS / 1000} s (${table?.TableStatus ?? 'missing'})`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
}
