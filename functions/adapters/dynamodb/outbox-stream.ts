import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { fromItem } from './marshalling.js';
import type { StoredMail } from './outbox-repository.js';
import type { TableStreamRecord } from './stream-record.js';

/**
 * The table changes that carry a mail to send: a mail item written (INSERT, in the transaction of
 * the change that causes it) or touched by the sweep (MODIFY) while it is still PENDING. Marking
 * it SENT is a MODIFY too, which this pattern leaves out. The CDK stack gives it to the event
 * source mapping of the mail sender (Lambda's filter criteria), and the local stack applies the
 * same pattern to DynamoDB Local's stream: one pattern, two triggers.
 */
export const PENDING_MAIL_PATTERN = {
  eventName: ['INSERT', 'MODIFY'],
  dynamodb: { NewImage: { entity: { S: ['MAIL'] }, status: { S: ['PENDING'] } } },
} as const;

/**
 * The pending mails in a batch of stream records. Records outside the pattern are skipped, not
 * trusted to the filter alone: a mapping without filter (or a test) must not send anything else.
 */
export function pendingMailsOf(records: readonly TableStreamRecord[]): StoredMail[] {
  const mails: StoredMail[] = [];
  for (const record of records) {
    const image = record.dynamodb?.NewImage as Record<string, AttributeValue> | undefined;
    if (!image || (record.eventName !== 'INSERT' && record.eventName !== 'MODIFY')) continue;
    const item = fromItem<StoredMail & { entity?: string }>(image);
    if (item.entity !== 'MAIL' || item.status !== 'PENDING') continue;
    const { entity: _entity, ...mail } = item;
    mails.push(mail);
  }
  return mails;
}
