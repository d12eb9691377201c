import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

export interface OperationCount {
  calls: number;
  /** Items written (each item of a transaction counts) or items read (returned). */
  items: number;
  /** ConsumedCapacity as DynamoDB reports it: transactional writes count double, indexes included. */
  capacityUnits: number;
  /** Calls that failed; failed writes consume capacity on AWS too but DynamoDB does not report it. */
  errors: Record<string, number>;
  /** Extra attempts the SDK made on its own (throttling, transient network errors). */
  sdkRetries: number;
}

export type MeterSnapshot = Record<string, OperationCount>;

/** A request as the handlers sent it, for replaying the same calls raw. */
export interface CapturedCall {
  operation: string;
  input: Record<string, unknown>;
  /** The calling code: the nearest frames under `functions/` (file:line), nearest first. */
  origin: string[];
}

export const WRITE_OPERATIONS = new Set([
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'TransactWriteItems',
  'BatchWriteItem',
]);

/** Attributes that hold a task token: never leave the stack process with their value. */
const SECRET_ATTRIBUTES = new Set(['taskToken', ':token']);

interface ConsumedCapacityLike {
  CapacityUnits?: number;
}

/**
 * Observes every call of the handlers' DynamoDB client: asks for ReturnConsumedCapacity=TOTAL
 * (which changes only the response) and counts calls, items and capacity units per operation.
 * Installed in the bench's stack process, on the same client instance the handlers use.
 */
export class DynamoDbMeter {
  private counts = new Map<string, OperationCount>();
  private capture: CapturedCall[] | undefined;

  install(client: DynamoDBClient): void {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const operation = String(context.commandName ?? 'Unknown').replace(/Command$/, '');
        const input = args.input as Record<string, unknown>;
        if (!('ReturnConsumedCapacity' in input)) input.ReturnConsumedCapacity = 'TOTAL';
        if (this.capture) {
          this.capture.push({
            operation,
            input: redact(structuredClone(input)) as Record<string, unknown>,
            origin: callerFrames(),
          });
        }
        const count = this.countOf(operation);
        count.calls++;
        try {
          const result = await next(args);
          const output = result.output as Record<string, unknown> & { $metadata?: { attempts?: number } };
          count.items += itemsOf(operation, input, output);
          count.capacityUnits += capacityOf(output.ConsumedCapacity);
          count.sdkRetries += Math.max(0, (output.$metadata?.attempts ?? 1) - 1);
          return result;
        } catch (error) {
          const name = error instanceof Error ? error.name : 'Error';
          count.errors[name] = (count.errors[name] ?? 0) + 1;
          throw error;
        }
      },
      { step: 'initialize', name: 'benchDynamoDbMeter' },
    );
  }

  reset(): void {
    this.counts = new Map();
  }

  snapshot(): MeterSnapshot {
    return Object.fromEntries([...this.counts].map(([op, c]) => [op, { ...c, errors: { ...c.errors } }]));
  }

  startCapture(): void {
    this.capture = [];
  }

  stopCapture(): CapturedCall[] {
    const captured = this.capture ?? [];
    this.capture = undefined;
    return captured;
  }

  private countOf(operation: string): OperationCount {
    let count = this.counts.get(operation);
    if (!count) {
      count = { calls: 0, items: 0, capacityUnits: 0, errors: {}, sdkRetries: 0 };
      this.counts.set(operation, count);
    }
    return count;
  }
}

/** Frames of the project's handler code that led to this call (adapters included), nearest first. */
function callerFrames(): string[] {
  const stack = new Error().stack ?? '';
  return stack
    .split('\n')
    .map((line) => /\/(functions\/[^:)]+:\d+)/.exec(line)?.[1])
    .filter((frame): frame is string => frame !== undefined)
    .slice(0, 4);
}

function itemsOf(operation: string, input: Record<string, unknown>, output: Record<string, unknown>): number {
  switch (operation) {
    case 'TransactWriteItems':
    case 'TransactGetItems':
      return Array.isArray(input.TransactItems) ? input.TransactItems.length : 0;
    case 'BatchWriteItem':
      return Object.values((input.RequestItems ?? {}) as Record<string, unknown[]>).reduce(
        (n, r) => n + r.length,
        0,
      );
    case 'Query':
    case 'Scan':
      return typeof output.Count === 'number' ? output.Count : 0;
    case 'GetItem':
      return output.Item ? 1 : 0;
    case 'BatchGetItem':
      return Object.values((output.Responses ?? {}) as Record<string, unknown[]>).reduce(
        (n, r) => n + r.length,
        0,
      );
    default:
      return 1;
  }
}

function capacityOf(consumed: unknown): number {
  const list = Array.isArray(consumed) ? consumed : consumed ? [consumed] : [];
  return list.reduce((sum: number, c: ConsumedCapacityLike) => sum + (c.CapacityUnits ?? 0), 0);
}

/** Replaces task-token values by a same-length filler, so replayed items keep their size. */
function redact(value: unknown, key?: string): unknown {
  if (Array.isArray(value)) return value.map((v) => redact(v));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (
        SECRET_ATTRIBUTES.has(k) &&
        v &&
        typeof v === 'object' &&
        typeof (v as { S?: unknown }).S === 'string'
      ) {
        out[k] = { S: 'x'.repeat((v as { S: string }).S.length) };
      } else {
        out[k] = redact(v, k);
      }
    }
    return out;
  }
  return key && SECRET_ATTRIBUTES.has(key) && typeof value === 'string' ? 'x'.repeat(value.length) : value;
}
