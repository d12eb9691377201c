import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTransport } from 'nodemailer';
import * as z from 'zod';

/**
 * The slice of the Amazon SES v2 API the functions call (SendEmail with simple content), on
 * loopback, for AWS_ENDPOINT_URL_SESV2. Each accepted message is relayed over SMTP to the local
 * catcher, so the functions send mail with the SES client they use on AWS and the inbox pages show
 * it as before.
 */
export interface SesEndpoint {
  endpoint: string;
  close(): Promise<void>;
}

const content = z.object({ Data: z.string(), Charset: z.string().optional() });
const sendEmailRequest = z.object({
  FromEmailAddress: z.string().min(3),
  Destination: z.object({
    ToAddresses: z.array(z.string()).default([]),
    CcAddresses: z.array(z.string()).default([]),
    BccAddresses: z.array(z.string()).default([]),
  }),
  ConfigurationSetName: z.string().optional(),
  Content: z.object({
    Simple: z.object({
      Subject: content,
      Body: z.object({ Text: content.optional(), Html: content.optional() }),
    }),
  }),
});

const SEND_EMAIL_PATH = '/v2/email/outbound-emails';
const MAX_BODY_BYTES = 10 * 1024 * 1024;

export async function startSesEndpoint(opts: { smtpPort: number; port?: number }): Promise<SesEndpoint> {
  // Pooled: the end-to-end benchmark sends hundreds of approval mails at once.
  const relay = createTransport({
    host: '127.0.0.1',
    port: opts.smtpPort,
    secure: false,
    ignoreTLS: true,
    pool: true,
    maxConnections: 4,
  });

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) =>
      sendError(res, 500, 'InternalFailure', error instanceof Error ? error.message : String(error)),
    );
  });

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '').split('?')[0];
    if (req.method !== 'POST' || path !== SEND_EMAIL_PATH) {
      return sendError(res, 404, 'NotFoundException', `The local SES stand-in has no ${req.method} ${path}`);
    }
    const parsed = sendEmailRequest.safeParse(JSON.parse((await readBody(req)) || '{}'));
    if (!parsed.success) {
      return sendError(res, 400, 'BadRequestException', parsed.error.issues.map((i) => i.message).join('; '));
    }
    const { FromEmailAddress, Destination, Content } = parsed.data;
    await relay.sendMail({
      from: FromEmailAddress,
      to: Destination.ToAddresses,
      cc: Destination.CcAddresses,
      bcc: Destination.BccAddresses,
      subject: Content.Simple.Subject.Data,
      text: Content.Simple.Body.Text?.Data,
      html: Content.Simple.Body.Html?.Data,
    });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ MessageId: randomUUID() }));
  };

  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });

  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: async () => {
      relay.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The error shape of AWS's REST-JSON protocol, which the SDK turns into a named exception. */
function sendError(res: ServerResponse, status: number, type: string, message: string): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-errortype': type });
  res.end(JSON.stringify({ message }));
}
