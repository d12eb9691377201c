import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';

/**
 * What an event source mapping with filter criteria does on AWS, for DynamoDB Local's stream: read
 * each shard of the table's stream in order and invoke each consumer with the records one of its
 * patterns matches, as Lambda's event (`{ Records }`, images in DynamoDB JSON). It starts at the stream's
 * end, as the stack's mapping does (StartingPosition.LATEST): what was left before a restart is the
 * sweep's to hand over again. A failing batch is tried three times in all, then left, as
 * `retryAttempts: 2` does.
 */
export interface StreamConsumerHandler {
  name: string;
  /** Records matching any of these are handed over (Lambda's filters are OR-ed). */
  patterns: readonly Readonly<Record<string, unknown>>[];
  handler: (event: { Records: LambdaStreamRecord[] }) => Promise<unknown>;
}

export interface LambdaStreamRecord {
  eventID?: string;
  eventName?: string;
  eventSource: 'aws:dynamodb';
  awsRegion: string;
  eventSourceARN: string;
  dynamodb: Record<string, unknown>;
}

export interface StreamTrigger {
  /**
   * Runs `work` with the consumers detached: the stream is not read meanwhile, and afterwards reading
   * goes on from the stream's end, so what was written during `work` reaches no consumer. For the
   * bench, whose raw replay of one proposal's captured writes (run marker and outbox mail included)
   * must measure DynamoDB Local alone, not start workflows and send mail.
   */
  detachedWhile<T>(work: () => Promise<T>): Promise<T>;
  /**
   * Something was just written to the table: read the stream as soon as the poll interval allows
   * instead of at the idle interval. Writes nobody reports (another process, the bundles' own
   * clients) are read at the idle interval.
   */
  wrote(): void;
  stop(): Promise<void>;
}

/**
 * Each shard is read at most this often. Reading it as fast as records come costs DynamoDB Local as
 * much as a quarter of its time under a steady load (every item written is a record, audit events
 * included), time the API's own calls then wait behind; one read per interval takes every record of
 * it in one call.
 */
const POLL_INTERVAL_MS = 100;
/**
 * Without a reported write (or records in the last read), the shards are read this often, as Lambda
 * reads a shard four times a second. An idle stack then asks DynamoDB Local 4 times a second instead
 * of 10 (each empty read costs it 3–4 ms).
 */
const IDLE_INTERVAL_MS = 250;
/** Records per read; a full read is followed by the next at once (a backlog after a restart). */
const READ_LIMIT = 1_000;
/** New shards (DynamoDB rolls them over) are looked for this often. */
const DESCRIBE_EVERY_MS = 2_000;
const ATTEMPTS = 3;
const BATCH = 10;

export async function startStreamTrigger(opts: {
  endpoint: string;
  region: string;
  tableName: string;
  consumers: readonly StreamConsumerHandler[];
  log?: (line: string) => void;
  /**
   * Runs each read of the stream: locally, through the DynamoDB priority gate, so that reading the
   * stream is background work like a step's and waits while API requests run.
   */
  gate?: <T>(read: () => Promise<T>) => Promise<T>;
}): Promise<StreamTrigger> {
  const gate = opts.gate ?? (<T>(read: () => Promise<T>) => read());
  const log = opts.log ?? (() => {});
  const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  const ddb = new DynamoDBClient({ region: opts.region, endpoint: opts.endpoint, credentials });
  const { Table } = await ddb.send(new DescribeTableCommand({ TableName: opts.tableName }));
  ddb.destroy();
  const streamArn = Table?.LatestStreamArn;
  if (!streamArn)
    throw new Error(`table ${opts.tableName} has no stream (infra/local/table-setup.ts enables it)`);
  const streams = new DynamoDBStreamsClient({ region: opts.region, endpoint: opts.endpoint, credentials });

  /** Open shards and where their reading stands; shards seen and finished are remembered apart. */
  const iterators = new Map<string, string>();
  const finished = new Set<string>();
  const discover = async (position: 'LATEST' | 'TRIM_HORIZON') => {
    const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    for (const shard of StreamDescription?.Shards ?? []) {
      const id = shard.ShardId;
      if (!id || iterators.has(id) || finished.has(id)) continue;
      // At start, history stays behind (LATEST on the open shard, closed ones skipped); a shard
      // that appears later is read from its start, so no record between two shards is lost.
      if (position === 'LATEST' && shard.SequenceNumberRange?.EndingSequenceNumber) {
        finished.add(id);
        continue;
      }
      const { ShardIterator } = await streams.send(
        new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: id, ShardIteratorType: position }),
      );
      if (ShardIterator) iterators.set(id, ShardIterator);
    }
  };
  await discover('LATEST');

  /** The sequence number of the last record handed over, per shard. */
  const lastHandled = new Map<string, string>();
  const readShard = (iterator: string) =>
    gate(() => streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: READ_LIMIT })));
  const iteratorAfter = async (shardId: string, sequenceNumber: string | undefined): Promise<string> => {
    const { ShardIterator } = await streams.send(
      new GetShardIteratorCommand({
        StreamArn: streamArn,
        ShardId: shardId,
        ...(sequenceNumber
          ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: sequenceNumber }
          : { ShardIteratorType: 'LATEST' }),
      }),
    );
    if (!ShardIterator) throw new Error(`no iterator for shard ${shardId}`);
    return ShardIterator;
  };

  const deliver = async (records: StreamRecord[]) => {
    const lambdaRecords = records.map((r) => toLambdaRecord(r, opts.region, streamArn));
    for (const consumer of opts.consumers) {
      const matched = lambdaRecords.filter((r) => consumer.patterns.some((p) => matchesPattern(p, r)));
      for (let at = 0; at < matched.length; at += BATCH) {
        const batch = matched.slice(at, at + BATCH);
        for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
          try {
            await consumer.handler({ Records: batch });
            break;
          } catch (error) {
            log(`stream: ${consumer.name} failed (attempt ${attempt} of ${ATTEMPTS}): ${String(error)}`);
          }
        }
      }
    }
  };

  let stopped = false;
  let detached = false;
  /** The pass of the loop under way, if any: detaching waits for it, so no delivery overlaps `work`. */
  let pass: Promise<void> = Promise.resolve();
  let endPass = () => {};
  let lastDescribe = Date.now();
  /** A write was reported since the last pass began. */
  let written = false;
  /** Ends the idle wait early when a write is reported. */
  let wake = () => {};
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  const loop = (async () => {
    while (!stopped) {
      if (detached) {
        await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
        continue;
      }
      pass = new Promise((resolve) => {
        endPass = resolve;
      });
      const began = Date.now();
      written = false;
      let full = false;
      let recordsSeen = false;
      try {
        if (Date.now() - lastDescribe > DESCRIBE_EVERY_MS) {
          lastDescribe = Date.now();
          await discover('TRIM_HORIZON');
        }
        for (const [id, iterator] of [...iterators]) {
          let out: Awaited<ReturnType<typeof readShard>>;
          try {
            out = await readShard(iterator);
          } catch (error) {
            // An expired or refused iterator: start again just after the last record handled (or at
            // the shard's end), never from its start, which would send every mail a second time.
            if (stopped) break;
            log(`stream: shard ${id}: ${String(error)}`);
            iterators.set(id, await iteratorAfter(id, lastHandled.get(id)));
            continue;
          }
          if (out.NextShardIterator) iterators.set(id, out.NextShardIterator);
          else {
            iterators.delete(id);
            finished.add(id);
            lastDescribe = 0;
          }
          const records = out.Records ?? [];
          if (records.length >= READ_LIMIT) full = true;
          if (records.length > 0) {
            recordsSeen = true;
            await deliver(records);
            const last = records.at(-1)?.dynamodb?.SequenceNumber;
            if (last) lastHandled.set(id, last);
          }
        }
      } catch (error) {
        if (!stopped) log(`stream: ${String(error)}`);
      }
      endPass();
      if (full || stopped) continue;
      // Busy (records just came, or a write was reported): the next read one interval after this
      // one began. Idle: at the idle interval, or sooner when a write is reported meanwhile.
      if (!recordsSeen && !written) await sleep(began + IDLE_INTERVAL_MS - Date.now());
      const rest = began + POLL_INTERVAL_MS - Date.now();
      if (rest > 0 && !stopped) await new Promise((resolve) => setTimeout(resolve, rest));
    }
  })();

  return {
    async detachedWhile<T>(work: () => Promise<T>): Promise<T> {
      detached = true;
      try {
        await pass;
        return await work();
      } finally {
        for (const id of iterators.keys()) iterators.set(id, await iteratorAfter(id, undefined));
        await discover('LATEST');
        lastDescribe = Date.now();
        detached = false;
      }
    },
    wrote() {
      written = true;
      wake();
    },
    async stop() {
      stopped = true;
      wake();
      await loop;
      streams.destroy();
    },
  };
}

const WRITE_COMMANDS: ReadonlySet<string> = new Set([
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'TransactWriteItemsCommand',
  'BatchWriteItemCommand',
]);
const REPORT_WRITES = 'localStreamWrites';

/**
 * Calls `wrote` after each write `client` makes (the handlers' shared client, locally): the stream
 * trigger then reads the new records at once instead of at its idle interval. Returns what removes it.
 */
export function reportWrites(client: DynamoDBClient, wrote: () => void): () => void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const output = await next(args);
      if (WRITE_COMMANDS.has(String(context.commandName))) wrote();
      return output;
    },
    { step: 'initialize', name: REPORT_WRITES },
  );
  return () => {
    client.middlewareStack.remove(REPORT_WRITES);
  };
}

/** The record as Lambda hands it to a function: DynamoDB JSON images, the time in epoch seconds. */
function toLambdaRecord(record: StreamRecord, region: string, streamArn: string): LambdaStreamRecord {
  const { ApproximateCreationDateTime, ...rest } = record.dynamodb ?? {};
  return {
    eventID: record.eventID,
    eventName: record.eventName,
    eventSource: 'aws:dynamodb',
    awsRegion: region,
    eventSourceARN: streamArn,
    dynamodb: {
      ...rest,
      ...(ApproximateCreationDateTime
        ? { ApproximateCreationDateTime: Math.floor(new Date(ApproximateCreationDateTime).getTime() / 1000) }
        : {}),
    },
  };
}

/**
 * Lambda's filter rule for the patterns the stack uses: an object matches field by field, and a
 * list matches a value equal to one of its members. Other rules (prefix, numeric, exists…) are
 * refused, so that a pattern the local stack cannot honour fails loudly instead of letting
 * everything through.
 */
export function matchesPattern(pattern: unknown, value: unknown): boolean {
  if (Array.isArray(pattern)) {
    if (!pattern.every((p) => p === null || ['string', 'number', 'boolean'].includes(typeof p))) {
      throw new Error(`the local stream trigger only matches exact values, not ${JSON.stringify(pattern)}`);
    }
    return pattern.includes(value as never);
  }
  if (pattern !== null && typeof pattern === 'object') {
    if (value === null || typeof value !== 'object') return false;
    return Object.entries(pattern).every(([key, sub]) =>
      matchesPattern(sub, (value as Record<string, unknown>)[key]),
    );
  }
  throw new Error(`a filter pattern holds objects and lists of values, not ${JSON.stringify(pattern)}`);
}
