import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { DynamoDbPriority } from '../../infra/local/dynamodb-priority.js';

/**
 * A client whose calls never leave the process: a middleware after the gate records each call as it
 * reaches "DynamoDB" and answers when the test says so.
 */
function fakeClient() {
  const client = new DynamoDBClient({
    region: 'ap-southeast-3',
    endpoint: 'http://127.0.0.1:9',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  const reached: string[] = [];
  const answers = new Map<string, () => void>();
  client.middlewareStack.add(
    () => async (args) => {
      const id = (args.input as { Key: { PK: { S: string } } }).Key.PK.S;
      reached.push(id);
      await new Promise<void>((resolve) => answers.set(id, resolve));
      return { output: { $metadata: {} }, response: {} };
    },
    { step: 'initialize', name: 'fakeDynamoDb', priority: 'low' },
  );
  const get = (id: string) =>
    client.send(new GetItemCommand({ TableName: 'ikm', Key: { PK: { S: id }, SK: { S: 'META' } } }));
  const answer = (id: string) => answers.get(id)?.();
  return { client, reached, get, answer };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('DynamoDB call priority of the local stack', () => {
  let uninstall: (() => void) | undefined;
  afterEach(() => uninstall?.());

  it('Given no background calls during requests and an API request in flight, When a step makes a DynamoDB call, Then the call waits until the request settles, while the API’s own calls go at once', async () => {
    const priority = new DynamoDbPriority({
      backgroundCallsDuringRequests: 0,
      maxHoldMs: 10_000,
      quietAfterMs: 0,
    });
    const db = fakeClient();
    uninstall = priority.install(db.client);

    priority.requestStarted();
    const step = priority.background(() => db.get('step-1'));
    const api = db.get('api-1');
    await tick();
    expect(db.reached).toEqual(['api-1']);
    expect(priority.waitingCalls).toBe(1);

    db.answer('api-1');
    await api;
    priority.requestSettled();
    await tick();
    expect(db.reached).toEqual(['api-1', 'step-1']);
    db.answer('step-1');
    await step;
  });

  it('Given no API request, When three steps call at once, Then two calls run and the third starts when one of them answers', async () => {
    const priority = new DynamoDbPriority({ backgroundCalls: 2 });
    const db = fakeClient();
    uninstall = priority.install(db.client);

    const calls = ['s1', 's2', 's3'].map((id) => priority.background(() => db.get(id)));
    await tick();
    expect(db.reached).toEqual(['s1', 's2']);
    db.answer('s2');
    await tick();
    expect(db.reached).toEqual(['s1', 's2', 's3']);
    db.answer('s1');
    db.answer('s3');
    await Promise.all(calls);
    expect(priority.waitingCalls).toBe(0);
  });

  it('Given one background call during requests and an API request in flight, When two steps call, Then one call goes and the other waits for it, while the API’s calls go at once', async () => {
    const priority = new DynamoDbPriority({ backgroundCalls: 2, backgroundCallsDuringRequests: 1 });
    const db = fakeClient();
    uninstall = priority.install(db.client);

    priority.requestStarted();
    const steps = ['s1', 's2'].map((id) => priority.background(() => db.get(id)));
    const api = db.get('api-1');
    await tick();
    expect([...db.reached].sort()).toEqual(['api-1', 's1']);
    db.answer('s1');
    await tick();
    expect([...db.reached].sort()).toEqual(['api-1', 's1', 's2']);
    db.answer('s2');
    db.answer('api-1');
    await Promise.all([...steps, api]);
    priority.requestSettled();
  });

  it('Given requests that follow each other closely, When a request settles, Then the background keeps its fewer slots until no request came for the quiet period', async () => {
    const priority = new DynamoDbPriority({
      backgroundCalls: 2,
      backgroundCallsDuringRequests: 1,
      quietAfterMs: 40,
    });
    const db = fakeClient();
    uninstall = priority.install(db.client);

    priority.requestStarted();
    priority.requestSettled();
    const steps = ['s1', 's2'].map((id) => priority.background(() => db.get(id)));
    await tick();
    expect(db.reached).toEqual(['s1']);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(db.reached).toEqual(['s1', 's2']);
    db.answer('s1');
    db.answer('s2');
    await Promise.all(steps);
  });

  it('Given steps far behind and an API request in flight, When two steps call, Then both calls go at once (the steps keep their slots until they catch up)', async () => {
    let behind = true;
    const priority = new DynamoDbPriority({
      backgroundCalls: 2,
      backgroundCallsDuringRequests: 0,
      quietAfterMs: 0,
      behind: () => behind,
    });
    const db = fakeClient();
    uninstall = priority.install(db.client);

    priority.requestStarted();
    const steps = ['s1', 's2'].map((id) => priority.background(() => db.get(id)));
    await tick();
    expect([...db.reached].sort()).toEqual(['s1', 's2']);
    behind = false;
    const third = priority.background(() => db.get('s3'));
    db.answer('s1');
    db.answer('s2');
    await Promise.all(steps);
    await tick();
    expect(db.reached).not.toContain('s3');
    priority.requestSettled();
    await tick();
    expect(db.reached).toContain('s3');
    db.answer('s3');
    await third;
  });

  it('Given no background calls during requests and requests that never stop, When a step call has waited its longest hold, Then it goes (one at a time), so the workflows never starve', async () => {
    const priority = new DynamoDbPriority({ backgroundCallsDuringRequests: 0, maxHoldMs: 30 });
    const db = fakeClient();
    uninstall = priority.install(db.client);

    priority.requestStarted();
    const first = priority.background(() => db.get('s1'));
    const second = priority.background(() => db.get('s2'));
    await tick();
    expect(db.reached).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(db.reached).toEqual(['s1']);
    db.answer('s1');
    await first;
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(db.reached).toEqual(['s1', 's2']);
    db.answer('s2');
    await second;
    priority.requestSettled();
  });
});
