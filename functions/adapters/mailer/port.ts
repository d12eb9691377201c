/**
 * The port through which every email leaves the system (the SES adapter, on AWS and, through
 * the local SES stand-in, locally). Keeping the types here means the adapter never imports the
 * module that loads it.
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
