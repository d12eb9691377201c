import { outboxRepository, type StoredMail } from '../adapters/dynamodb/outbox-repository.js';
import { mailer } from '../adapters/mailer/mailer.js';

/**
 * Sends mails already recorded in the outbox and marks each sent. A mail that fails stays
 * pending for the sweep; the change that caused it is already recorded, so nothing waits on mail.
 */
export async function deliverMails(mails: readonly StoredMail[]): Promise<{ sent: number; failed: number }> {
  if (mails.length === 0) return { sent: 0, failed: 0 };
  const send = await mailer();
  const results = await Promise.allSettled(
    mails.map(async (mail) => {
      await send.send({ to: mail.to, subject: mail.subject, text: mail.text, html: mail.html });
      await outboxRepository.markSent(mail, new Date().toISOString());
    }),
  );
  const failed = results.filter((r) => r.status === 'rejected');
  for (const f of failed) {
    console.warn(
      JSON.stringify({
        level: 'WARN',
        message: 'mail left pending for the sweep',
        error: String((f as PromiseRejectedResult).reason).slice(0, 200),
      }),
    );
  }
  return { sent: results.length - failed.length, failed: failed.length };
}
