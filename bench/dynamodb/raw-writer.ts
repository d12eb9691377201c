import { randomBytes } from 'node:crypto';
import {
  BatchGetItemCommand,
  type BatchGetItemCommandInput,
  DynamoDBClient,
  GetItemCommand,
  type GetItemCommandInput,
  PutItemCommand,
  type PutItemCommandInput,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteItemsCommand,
  type TransactWriteItemsCommandInput,
  UpdateItemCommand,
  type UpdateItemCommandInput,
} from '@aws-sdk/client-dynamodb';
import { atFixedRate } from '../load/open-loop.js';
import type { CapturedCall } from '../stack/dynamodb-meter.js';
import { type Summary, summarize } from '../stats.js';

export interface RawReplayResult {
  sequences: number;
  callsPerSequence: number;
  itemsPerSequence: number;
  elapsedMs: number;
  sequencesPerSecond: number;
  /** Transactions cancelled by a concurrent transaction on the same item (the pools), then retried. */
  conflictRetries: number;
  failures: number;
}

/** Ids that appear in a captured sequence and must be fresh in every replay (same length, same item sizes). */
export interface ReplayIds {
  proposalId: string;
  actionIds: string[];
  /** The captured proposal's district; replays rotate through `districts` as the real proposals do. */
  districtCode: string;
  districts: string[];
}

const ULID_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function freshLike(id: string, n: number, alphabet: string | null): string {
  const prefix = `BR${n.toString(36).toUpperCase()}X`;
  const bytes = randomBytes(id.length);
  const filler = alphabet
    ? Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('')
    : bytes.toString('base64url');
  return (prefix + filler).slice(0, id.length);
}

/** The captured requests of one proposal with its ids replaced, as JSON text, ready to be parsed per replay. */
function instantiate(template: string, ids: ReplayIds, n: number): CapturedCall[] {
  let text = template.split(ids.proposalId).join(freshLike(ids.proposalId, n, ULID_ALPHABET));
  for (const actionId of ids.actionIds) text = text.split(actionId).join(freshLike(actionId, n, null));
  // District codes (73.xx) have one length, and no id or timestamp contains one: the swap keeps item sizes.
  const district = ids.districts[n % ids.districts.length] ?? ids.districtCode;
  text = text.split(ids.districtCode).join(district);
  return JSON.parse(text) as CapturedCall[];
}

const isConflict = (error: unknown): boolean =>
  error instanceof Error &&
  (error.name === 'TransactionConflictException' ||
    (error.name === 'TransactionCanceledException' && /TransactionConflict/.test(error.message)));

function sendCall(client: DynamoDBClient, call: CapturedCall): Promise<unknown> {
  const input = call.input as unknown;
  switch (call.operation) {
    case 'TransactWriteItems':
      return client.send(new TransactWriteItemsCommand(input as TransactWriteItemsCommandInput));
    case 'UpdateItem':
      return client.send(new UpdateItemCommand(input as UpdateItemCommandInput));
    case 'PutItem':
      return client.send(new PutItemCommand(input as PutItemCommandInput));
    case 'GetItem':
      return client.send(new GetItemCommand(input as GetItemCommandInput));
    case 'BatchGetItem':
      return client.send(new BatchGetItemCommand(input as BatchGetItemCommandInput));
    case 'Query':
      return client.send(new QueryCommand(input as QueryCommandInput));
    default:
      return Promise.reject(new Error(`the replay does not know ${call.operation}`));
  }
}

function clientOf(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    region: 'ap-southeast-3',
    endpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 3,
    // The SDK's default of 50 sockets, as the handlers' client has; queueing beyond it is expected here.
    requestHandler: { maxSockets: 50, socketAcquisitionWarningTimeout: 600_000 },
  });
}

export interface RateReplayResult {
  sent: number;
  /** Each sequence's time from when it was due (not when it was sent) to its last answer. */
  latencyMs: Summary;
  failures: number;
}

/**
 * Replays one request's captured calls (ids fresh each time) as an open loop: sequence i is due at
 * start + i / rate, whatever happened to the earlier ones, each sequence's calls in order. Against an
 * otherwise idle DynamoDB Local this is the floor under the request's latency at that rate: the
 * database's share alone, without HTTP, handler code or any other work.
 */
export async function replayAtRate(
  endpoint: string,
  captured: CapturedCall[],
  ids: ReplayIds,
  ratePerSecond: number,
  seconds: number,
): Promise<RateReplayResult> {
  const client = clientOf(endpoint);
  const template = JSON.stringify(captured);
  // Built beforehand, so that each sequence's time is the database's and the client's alone.
  const plans = Array.from({ length: Math.round(ratePerSecond * seconds) }, (_, n) =>
    instantiate(template, ids, n),
  );
  const latencies: number[] = [];
  let failures = 0;
  const { total } = await atFixedRate(ratePerSecond, seconds, async (i, due) => {
    try {
      for (const call of plans[i] ?? []) await sendCall(client, call);
      latencies.push(performance.now() - due);
    } catch {
      failures++;
    }
  });
  client.destroy();
  return { sent: total, latencyMs: summarize(latencies), failures };
}

/**
 * Replays the exact requests one proposal's happy path made (captured in the stack process, ids
 * replaced, districts rotated like the real run's) for `sequences` proposals at once against the same
 * DynamoDB Local, each proposal's calls in order, with nothing else in between: no HTTP, no engine, no
 * handler code. With the writes only, this
 * is the limit the end-to-end throughput is measured against.
 */
export async function replayCalls(
  endpoint: string,
  captured: CapturedCall[],
  ids: ReplayIds,
  sequences: number,
): Promise<RawReplayResult> {
  const client = clientOf(endpoint);
  const template = JSON.stringify(captured);
  const plans = Array.from({ length: sequences }, (_, n) => instantiate(template, ids, n));
  let conflictRetries = 0;
  let failures = 0;

  const send = async (call: CapturedCall): Promise<void> => {
    for (let attempt = 0; ; attempt++) {
      try {
        await sendCall(client, call);
        return;
      } catch (error) {
        if (!isConflict(error) || attempt >= 20) throw error;
        conflictRetries++;
        await new Promise((r) => setTimeout(r, Math.random() * 20 * (attempt + 1)));
      }
    }
  };

  const started = performance.now();
  await Promise.all(
    plans.map(async (plan) => {
      try {
        for (const call of plan) await send(call);
      } catch {
        failures++;
      }
    }),
  );
  const elapsedMs = performance.now() - started;
  client.destroy();
  return {
    sequences,
    callsPerSequence: captured.length,
    itemsPerSequence: captured.reduce(
      (n, c) => n + (Array.isArray(c.input.TransactItems) ? c.input.TransactItems.length : 1),
      0,
    ),
    elapsedMs,
    sequencesPerSecond: (sequences - failures) / (elapsedMs / 1000),
    conflictRetries,
    failures,
  };
}
