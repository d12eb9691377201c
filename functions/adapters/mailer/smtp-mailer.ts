import { createTransport, type Transporter } from 'nodemailer';
import type { Mailer, OutgoingEmail } from './port.js';

/** Local adapter: plain SMTP to the catcher of the local stack. */
export class SmtpMailer implements Mailer {
  private readonly transport: Transporter;

  constructor(private readonly options: { host: string; port: number; from: string }) {
    // A pooled connection: the end-to-end benchmark sends hundreds of approval mails at once.
    this.transport = createTransport({
      host: options.host,
      port: options.port,
      secure: false,
      ignoreTLS: true,
      pool: true,
      maxConnections: 4,
    });
  }

  async send(email: OutgoingEmail): Promise<void> {
    await this.transport.sendMail({ from: this.options.from, ...email });
  }
}
