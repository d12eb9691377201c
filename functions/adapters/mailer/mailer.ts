import { env } from '../env.js';
import type { Mailer } from './port.js';
import { SesMailer } from './ses-mailer.js';

export type { Mailer, OutgoingEmail } from './port.js';

let instance: Promise<Mailer> | undefined;

/**
 * Amazon SES, on AWS and locally alike: the local stack points AWS_ENDPOINT_URL_SES at its SES
 * stand-in, which hands each message to the inbox. One adapter means the bundle that is deployed
 * is the bundle that sends the local mail.
 */
export function mailer(): Promise<Mailer> {
  instance ??= Promise.resolve(
    new SesMailer({
      from: env.mailFrom(),
      region: env.region(),
      configurationSet: env.sesConfigurationSet(),
    }),
  );
  return instance;
}
