import { SESClient, SendEmailCommand } from '@aws-sdk/client-ses';
import type { Mailer, OutgoingEmail } from './port.js';

/**
 * AWS adapter: Amazon SES with the verified sender identity given by configuration. It speaks the
 * SES API of 2010-12-01 (SendEmail) rather than SES v2, which sends the same message: the v2 client
 * carries the schemas of all its 117 operations and a REST protocol the DynamoDB client does not
 * share, about 40 KB more in the one function that sends mail (bench/README.md).
 */
export class SesMailer implements Mailer {
  private readonly client: SESClient;

  constructor(
    private readonly options: { from: string; region: string; configurationSet?: string | undefined },
  ) {
    this.client = new SESClient({ region: options.region });
  }

  async send(email: OutgoingEmail): Promise<void> {
    await this.client.send(
      new SendEmailCommand({
        Source: this.options.from,
        Destination: { ToAddresses: email.to },
        ConfigurationSetName: this.options.configurationSet,
        Message: {
          Subject: { Data: email.subject, Charset: 'UTF-8' },
          Body: {
            Text: { Data: email.text, Charset: 'UTF-8' },
            Html: { Data: email.html, Charset: 'UTF-8' },
          },
        },
      }),
    );
  }
}
