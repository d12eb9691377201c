import { PENDING_MAIL_PATTERN } from '../functions/adapters/dynamodb/outbox-stream.js';

/**
 * Handlers run by the table's change stream rather than by a route, a Task state or a timer: an
 * event source mapping with filter criteria on AWS, a poller of DynamoDB Local's stream in the
 * local stack (infra/local/stream-trigger.ts), both with the same pattern.
 */
export interface StreamConsumer {
  /** Handler module from the project root; its export is `handler`. */
  entry: string;
  functionName: string;
  /** The records it receives, as a Lambda event filter pattern on the stream record. */
  pattern: Readonly<Record<string, unknown>>;
}

export const STREAM_CONSUMERS: readonly StreamConsumer[] = [
  // Sends the outbox's pending mails: the only function with the SES client.
  { entry: 'functions/mail/send-mail.ts', functionName: 'send-mail', pattern: PENDING_MAIL_PATTERN },
];
