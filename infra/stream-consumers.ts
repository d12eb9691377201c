import { PENDING_MAIL_PATTERN } from '../functions/adapters/dynamodb/outbox-stream.js';
import {
  PENDING_RUN_PATTERN,
  WITHDRAWN_PROPOSAL_PATTERN,
} from '../functions/adapters/dynamodb/run-stream.js';

/** A Lambda event filter pattern on a stream record. */
export type StreamPattern = Readonly<Record<string, unknown>>;

/**
 * Handlers run by the table's change stream rather than by a route, a Task state or a timer: an
 * event source mapping with filter criteria on AWS, a poller of DynamoDB Local's stream in the
 * local stack (infra/local/stream-trigger.ts), both with the same patterns. Two consumers, because
 * DynamoDB advises at most two readers of a stream's shard at once.
 */
export interface StreamConsumer {
  /** Handler module from the project root; its export is `handler`. */
  entry: string;
  functionName: string;
  /** The records it receives: those matching any of these patterns (Lambda's filters are OR-ed). */
  patterns: readonly StreamPattern[];
}

export const STREAM_CONSUMERS: readonly StreamConsumer[] = [
  // Sends the outbox's pending mails: the only function with the SES client.
  { entry: 'functions/mail/send-mail.ts', functionName: 'send-mail', patterns: [PENDING_MAIL_PATTERN] },
  // Starts the runs that markers ask for and stops the runs of withdrawn proposals: the only
  // function that starts or stops executions.
  {
    entry: 'functions/runs/run-control.ts',
    functionName: 'run-control',
    patterns: [PENDING_RUN_PATTERN, WITHDRAWN_PROPOSAL_PATTERN],
  },
];
