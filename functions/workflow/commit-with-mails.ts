import type { TransactWriteItem } from '@aws-sdk/client-dynamodb';
import { outboxRepository } from '../adapters/dynamodb/outbox-repository.js';
import type { StoredProposal } from '../adapters/dynamodb/proposal-repository.js';
import * as proposalWrites from '../adapters/dynamodb/proposal-writes.js';
import type { OutgoingMail } from '../domain/mail.js';
import type { AuditEvent } from '../domain/proposal.js';

/**
 * A guarded change of a proposal with its audit event, the side writes that belong to it, and the
 * mails it causes, all in one transaction. This is how every step records what people are told;
 * the mails leave after the commit, sent by the mail sender (functions/mail/send-mail.ts), which
 * the table's stream hands each new pending mail.
 */
export async function commitWithMails(
  before: StoredProposal,
  changes: Partial<StoredProposal>,
  event: Omit<AuditEvent, 'from' | 'to'>,
  extra: TransactWriteItem[],
  mails: OutgoingMail[],
): Promise<StoredProposal> {
  const outbox = outboxRepository.writes(before.id, event.at, before.version + 1, mails);
  return proposalWrites.update(before, changes, event, [...extra, ...outbox.writes]);
}
