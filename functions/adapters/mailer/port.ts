/**
 * The port through which every email leaves the system: SES on AWS, SMTP locally. The adapters
 * implement it and the chooser in mailer.ts picks one; keeping the types here means neither
 * adapter imports the chooser that loads it.
 */
export interface OutgoingEmail {
  to: string[];
  subject: string;
  text: string;
  html: string;
}

export interface Mailer {
  send(email: OutgoingEmail): Promise<void>;
}
