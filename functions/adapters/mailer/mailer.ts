import { env } from '../env.js';
import type { Mailer } from './port.js';

export type { Mailer, OutgoingEmail } from './port.js';

let instance: Promise<Mailer> | undefined;

/**
 * Chosen by the MAILER variable. Each adapter is imported only when chosen, so a Lambda bundle
 * configured for SES never loads the SMTP client (and the CDK bundling marks it external).
 */
export function mailer(): Promise<Mailer> {
  instance ??= (async () => {
    const from = env.mailFrom();
    if (env.mailer() === 'smtp') {
      const { SmtpMailer } = await import('./smtp-mailer.js');
      return new SmtpMailer({ host: env.smtpHost(), port: env.smtpPort(), from });
    }
    const { SesMailer } = await import('./ses-mailer.js');
    return new SesMailer({ from, region: env.region(), configurationSet: env.sesConfigurationSet() });
  })();
  return instance;
}
