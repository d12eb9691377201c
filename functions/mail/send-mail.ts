import type { Context } from 'aws-lambda';
import { pendingMailsOf } from '../adapters/dynamodb/outbox-stream.js';
import type { TableStreamRecord } from '../adapters/dynamodb/stream-record.js';
import { log, withInvocation } from '../adapters/observability.js';
import { deliverMails } from '../workflow/deliver-mails.js';

/**
 * The mail sender: the only function that holds the SES client. Every change that tells someone
 * something writes its mails into the outbox in its own transaction; the table's stream hands each
 * pending mail here (PENDING_MAIL_PATTERN), which sends it and marks it sent. A mail that fails
 * stays pending, and the sweep touches it again later (which brings it back here). Keeping SES out
 * of the workflow steps and the API handlers keeps their bundles about 80 KB smaller; the links in
 * the mails stay out of Step Functions' execution history, as before.
 */
export async function handler(
  event: { Records?: readonly TableStreamRecord[] },
  context?: Context,
): Promise<{ sent: number; failed: number }> {
  return withInvocation({ step: 'SendMail' }, context, async () => {
    const started = performance.now();
    const mails = pendingMailsOf(event.Records ?? []);
    const result = await deliverMails(mails);
    // The same one line per invocation as a workflow step's (functions/steps/step.ts), which the
    // bench counts as a Lambda invocation.
    log().info('step finished', {
      ms: Math.round(performance.now() - started),
      records: event.Records?.length ?? 0,
      ...result,
    });
    return result;
  });
}
