import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { Mailer, OutgoingEmail } from './port.js';

/** AWS adapter: Amazon SES v2 with the verified sender identity given by configuration. */
export class SesMailer implements Mailer {
  private readonly client: SESv2Client;

  constructor(
    private readonly options: { from: string; region: string; configurationSet?: string | undefined },
  ) {
    this.client = new SESv2Client({ region: options.region });
  }

  async send(email: OutgoingEmail): Promise<void> {
    await this.client.send(
      new SendEmailCommand({
        FromEmailAddress: this.options.from,
        Destination: { ToAddresses: email.to },
        ConfigurationSetName: this.options.configurationSet,
        Content: {
          Simple: {
            Subject: { Data: email.subject, Charset: 'UTF-8' },
            Body: {
              Text: { Data: email.text, Charset: 'UTF-8' },
              Html: { Data: email.html, Charset: 'UTF-8' },
            },
          },
        },
      }),
    );
  }
}
