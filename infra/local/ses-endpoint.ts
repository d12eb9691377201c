import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTransport } from 'nodemailer';
import * as z from 'zod';

/**
 * The slice of the Amazon SES API (2010-12-01) the functions call, SendEmail with a subject and a
 * text and HTML body, on loopback, for AWS_ENDPOINT_URL_SES. It speaks the API's query protocol: a
 * form-encoded POST, an XML answer. Each accepted message is relayed over SMTP to the local
 * catcher, so the functions send mail with the SES client they use on AWS and the inbox pages show
 * it as before.
 */
export interface SesEndpoint {
  endpoint: string;
  close(): Promise<void>;
}

/** The form fields of a SendEmail request, as the SDK's query serializer names them. */
const sendEmailRequest = z.object({
  Action: z.literal('SendEmail'),
  Version: z.literal('2010-12-01'),
  Source: z.string().min(3),
  'Message.Subject.Data': z.string(),
  'Message.Body.Text.Data': z.string().optional(),
  'Message.Body.Html.Data': z.string().optional(),
});

const MAX_BODY_BYTES = 10 * 1024 * 1024;
const XMLNS = 'http://ses.amazonaws.com/doc/2010-12-01/';

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
    if (req.method !== 'POST' || path !== '/') {
      return sendError(res, 404, 'InvalidAction', `The local SES stand-in has no ${req.method} ${path}`);
    }
    const form = new URLSearchParams(await readBody(req));
    const parsed = sendEmailRequest.safeParse(Object.fromEntries(form));
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      return sendError(res, 400, 'InvalidParameterValue', issues);
    }
    const message = parsed.data;
    await relay.sendMail({
      from: message.Source,
      to: listOf(form, 'Destination.ToAddresses'),
      cc: listOf(form, 'Destination.CcAddresses'),
      bcc: listOf(form, 'Destination.BccAddresses'),
      subject: message['Message.Subject.Data'],
      text: message['Message.Body.Text.Data'],
      html: message['Message.Body.Html.Data'],
    });
    res.writeHead(200, { 'content-type': 'text/xml' });
    res.end(
      `<SendEmailResponse xmlns="${XMLNS}"><SendEmailResult><MessageId>${randomUUID()}</MessageId>` +
        `</SendEmailResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata>` +
        '</SendEmailResponse>',
    );
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

/** A list member of the query protocol: `Name.member.1`, `Name.member.2`, … */
function listOf(form: URLSearchParams, name: string): string[] {
  const values: string[] = [];
  for (let i = 1; form.has(`${name}.member.${i}`); i++) values.push(form.get(`${name}.member.${i}`) ?? '');
  return values;
}

/** The error shape of AWS's query protocol, which the SDK turns into a named exception. */
function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'text/xml' });
  res.end(
    `<ErrorResponse xmlns="${XMLNS}"><Error><Type>Sender</Type><Code>${code}</Code>` +
      `<Message>${escapeXml(message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`,
  );
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
