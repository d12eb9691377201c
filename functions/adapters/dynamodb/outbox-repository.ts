import { type TransactWriteItem, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import type { MailKind, OutgoingMail } from '../../domain/mail.js';
import { MAIL_KIND_LABELS_ID } from '../../domain/mail.js';
import type { AuditEvent } from '../../domain/proposal.js';
import { dynamoDb, tableName } from './client.js';
import * as keys from './keys.js';
import { fromItem, toItem } from './marshalling.js';
import { workListBefore } from './query.js';
import { guarded, putIfMissing } from './transaction.js';

/** A mail as kept in its proposal's trail, from the moment its cause was recorded until sent. */
export interface StoredMail extends OutgoingMail {
  PK: string;
  SK: string;
  /** The proposal whose change caused it; absent for a round's mail (its reminder to a district). */
  proposalId?: string | undefined;
  status: 'PENDING' | 'SENT';
  createdAt: string;
  sentAt?: string | undefined;
}

export type MailKey = Pick<StoredMail, 'PK' | 'SK'>;

/**
 * The transactional outbox of email. A step writes the mails its change causes in the same
 * transaction as the change, so a crash can never leave a decision recorded and its mail
 * forgotten; the table's stream hands each new pending mail to the mail sender, which sends it and
 * marks it sent, and the sweep touches whatever is left pending so that the stream hands it over
 * again (at least once: a crash between sending and marking repeats one mail).
 */
export const outboxRepository = {
  /** Puts for the mails caused by the audit event (at, seq) of a proposal; with the keys to send them by. */
  writes(
    proposalId: string,
    at: string,
    seq: number,
    mails: OutgoingMail[],
  ): { writes: TransactWriteItem[]; stored: StoredMail[] } {
    const stored = mails.map(
      (mail, index): StoredMail => ({
        ...keys.mail(proposalId, at, seq, index),
        ...mail,
        proposalId,
        status: 'PENDING',
        createdAt: at,
      }),
    );
    return {
      stored,
      writes: stored.map((mail) => ({
        Put: {
          TableName: tableName(),
          Item: toItem({
            ...mail,
            entity: 'MAIL',
            ...keys.work('MAIL#PENDING', at, `${mail.PK}#${mail.SK}`),
          }),
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      })),
    };
  },

  /**
   * A round's reminder to one district, written only if that district was never reminded before
   * this closing date: the item is its own "reminded" mark. null when it already was.
   */
  async putRoundReminder(
    fiscalYear: number,
    closesAt: string,
    districtCode: string,
    at: string,
    mail: OutgoingMail,
  ): Promise<StoredMail | null> {
    const stored: StoredMail = {
      ...keys.roundReminder(fiscalYear, closesAt, districtCode),
      ...mail,
      status: 'PENDING',
      createdAt: at,
    };
    const item = toItem({
      ...stored,
      entity: 'MAIL',
      fiscalYear,
      districtCode,
      ...keys.work('MAIL#PENDING', at, `${stored.PK}#${stored.SK}`),
    });
    return (await putIfMissing(item)) ? stored : null;
  },

  /** Marks a mail sent, once; false when it already was (another sender got there first). */
  markSent(mail: MailKey, at: string): Promise<boolean> {
    return guarded(() =>
      dynamoDb().send(
        new UpdateItemCommand({
          TableName: tableName(),
          Key: toItem({ PK: mail.PK, SK: mail.SK }),
          UpdateExpression: 'SET #status = :sent, sentAt = :at REMOVE GSI3PK, GSI3SK',
          ConditionExpression: '#status = :pending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: toItem({ ':sent': 'SENT', ':pending': 'PENDING', ':at': at }),
        }),
      ),
    );
  },

  /**
   * Hands a still-pending mail to the mail sender again: the update is a MODIFY on the table's
   * stream with the mail PENDING (outbox-stream.ts). False when it was sent meanwhile.
   */
  requeue(mail: MailKey, at: string): Promise<boolean> {
    return guarded(() =>
      dynamoDb().send(
        new UpdateItemCommand({
          TableName: tableName(),
          Key: toItem({ PK: mail.PK, SK: mail.SK }),
          UpdateExpression: 'SET requeuedAt = :at ADD requeues :one',
          ConditionExpression: '#status = :pending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: toItem({ ':pending': 'PENDING', ':at': at, ':one': 1 }),
        }),
      ),
    );
  },

  /** Mails still pending whose cause was recorded before `olderThan`, oldest first. */
  async pending(olderThan: string, limit: number): Promise<StoredMail[]> {
    return (await workListBefore('MAIL#PENDING', olderThan, limit)).map((item) => fromItem<StoredMail>(item));
  },
};

/** A mail as a line of the proposal's history: to whom, what, and when it left (or that it waits). */
export function mailEvent(mail: StoredMail): AuditEvent {
  return {
    at: mail.sentAt ?? mail.createdAt,
    actor: 'sistem',
    type: mail.status === 'SENT' ? 'EMAIL_SENT' : 'EMAIL_PENDING',
    from: null,
    to: null,
    note: `${MAIL_KIND_LABELS_ID[mail.kind as MailKind] ?? mail.kind} kepada ${mail.to.join(', ')}: ${mail.subject}`,
  };
}
