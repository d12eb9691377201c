import { randomUUID } from 'node:crypto';
import { appendFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';

/** One email as the local inbox shows it (docs/api.md: GET /_local/inbox.json). */
export interface InboxMessage {
  id: string;
  to: string[];
  subject: string;
  /** UTC ISO 8601. */
  receivedAt: string;
  text: string;
  html: string;
  /** Every http(s) URL of the html hrefs, then of the text; de-duplicated, in order. */
  links: string[];
}

export interface SmtpCatcher {
  /** The port it listens on (the one chosen by the OS when asked for 0). */
  port: number;
  /** Newest first. */
  messages(): InboxMessage[];
  /** The newest message already caught that matches, or the next one to arrive; rejects after timeoutMs. */
  waitFor(pred: (m: InboxMessage) => boolean, timeoutMs: number): Promise<InboxMessage>;
  /** Calls cb for every message caught from now on; returns the unsubscribe function. */
  onMessage(cb: (m: InboxMessage) => void): () => void;
  close(): Promise<void>;
}

export interface SmtpCatcherOptions {
  /** 0 lets the OS choose (tests). */
  port: number;
  host?: string;
  /** Keeps the inbox across restarts (one JSON line per message); omit for memory only. */
  dataDir?: string;
}

const MAX_MESSAGE_BYTES = 10 * 1024 * 1024;
/** In memory; older ones stay in the file until the next start compacts it. */
const MAX_MESSAGES = 5_000;
const INBOX_FILE = 'inbox.jsonl';

/**
 * A local SMTP server standing in for SES: it accepts any sender and recipient (and any AUTH, so
 * any mailer configuration works), without TLS, and keeps what it receives for the local inbox
 * pages and for tests that follow an emailed link.
 */
export async function startSmtpCatcher(opts: SmtpCatcherOptions): Promise<SmtpCatcher> {
  const file = opts.dataDir ? join(opts.dataDir, INBOX_FILE) : undefined;
  const stored = file ? await loadInbox(file) : [];
  /** Oldest first, the order of the file. */
  const inbox: InboxMessage[] = stored.slice(-MAX_MESSAGES);
  const listeners = new Set<(m: InboxMessage) => void>();
  let writes: Promise<void> = Promise.resolve();

  const accept = (message: InboxMessage) => {
    inbox.push(message);
    if (inbox.length > MAX_MESSAGES) inbox.splice(0, inbox.length - MAX_MESSAGES);
    if (file) {
      // Chained so lines land in arrival order; the SMTP reply does not wait for the disk.
      writes = writes
        .then(() => appendFile(file, `${JSON.stringify(message)}\n`))
        .catch((error: unknown) =>
          console.error(`smtp-catcher: could not save message ${message.id}: ${String(error)}`),
        );
    }
    for (const listener of listeners) {
      try {
        listener(message);
      } catch (error) {
        console.error('smtp-catcher: a message listener failed:', error);
      }
    }
  };

  const server = new SMTPServer({
    name: 'localhost',
    banner: 'IKM local SMTP catcher',
    authOptional: true,
    allowInsecureAuth: true,
    onAuth: (auth, _session, callback) => callback(null, { user: auth.username ?? 'local' }),
    disabledCommands: ['STARTTLS'],
    size: MAX_MESSAGE_BYTES,
    // A reverse DNS lookup per connection only adds latency on a machine without a resolver.
    disableReverseLookup: true,
    logger: false,
    closeTimeout: 1_000,
    onData: (stream, session, callback) => {
      receive(stream, session).then(
        (message) => {
          accept(message);
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });

  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.server.address() as AddressInfo).port);
    });
  }).catch((error: NodeJS.ErrnoException) => {
    throw new Error(
      error.code === 'EADDRINUSE'
        ? `SMTP port ${opts.port} is already in use by another process; free it or choose another port (SMTP_PORT)`
        : `the SMTP catcher could not listen on port ${opts.port}: ${error.message}`,
    );
  });
  // Client mistakes (a dropped connection, a bad command) must not take the process down.
  server.on('error', (error) => console.error(`smtp-catcher: ${error.message}`));

  const onMessage = (cb: (m: InboxMessage) => void) => {
    listeners.add(cb);
    return () => {
      listeners.delete(cb);
    };
  };

  let closing: Promise<void> | undefined;
  return {
    port,
    messages: () => inbox.slice().reverse(),
    onMessage,
    waitFor: (pred, timeoutMs) => waitForMessage(inbox, onMessage, pred, timeoutMs),
    close: () => {
      closing ??= new Promise<void>((resolve) => server.close(() => resolve())).then(() => writes);
      return closing;
    },
  };
}

function waitForMessage(
  inbox: readonly InboxMessage[],
  onMessage: (cb: (m: InboxMessage) => void) => () => void,
  pred: (m: InboxMessage) => boolean,
  timeoutMs: number,
): Promise<InboxMessage> {
  return new Promise((resolve, reject) => {
    const caught = inbox.findLast(pred);
    if (caught) return resolve(caught);
    const settle = (outcome: () => void) => {
      clearTimeout(timer);
      off();
      outcome();
    };
    const timer = setTimeout(
      () =>
        settle(() =>
          reject(new Error(`no email matched within ${timeoutMs} ms (${inbox.length} in the inbox)`)),
        ),
      timeoutMs,
    );
    const off = onMessage((m) => {
      try {
        if (pred(m)) settle(() => resolve(m));
      } catch (error) {
        settle(() => reject(error));
      }
    });
  });
}

async function receive(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<InboxMessage> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  if (stream.sizeExceeded) {
    throw Object.assign(new Error(`Message exceeds the ${MAX_MESSAGE_BYTES / 1024 / 1024} MB limit`), {
      responseCode: 552,
    });
  }
  const parsed = await simpleParser(Buffer.concat(chunks));
  const html = typeof parsed.html === 'string' ? parsed.html : '';
  const text = parsed.text ?? '';
  return {
    id: randomUUID(),
    // The envelope, not the To header: Bcc recipients are only there.
    to: [...new Set(session.envelope.rcptTo.map((r) => r.address))],
    subject: parsed.subject ?? '',
    receivedAt: new Date().toISOString(),
    text,
    html,
    links: extractLinks(html, text),
  };
}

/** Every http(s) URL of the html's href attributes, then of the text; de-duplicated, in order. */
export function extractLinks(html: string, text: string): string[] {
  const links: string[] = [];
  for (const match of html.matchAll(/\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/gi)) {
    const url = decodeEntities(match[1] ?? match[2] ?? match[3] ?? '').trim();
    if (/^https?:\/\//i.test(url)) links.push(url);
  }
  for (const match of text.matchAll(/https?:\/\/[^\s<>"'`]+/gi))
    links.push(trimTrailingPunctuation(match[0]));
  return [...new Set(links)];
}

/** "Buka https://x/a." or "(https://x/a)" or html-to-text's "[https://x/a]": the URL ends before the mark. */
function trimTrailingPunctuation(url: string): string {
  let end = url.length;
  for (;;) {
    const last = url[end - 1];
    if (last === undefined) break;
    const closer = { ')': '(', ']': '[', '}': '{' }[last];
    const unbalanced =
      closer !== undefined && count(url.slice(0, end), last) > count(url.slice(0, end), closer);
    if (!".,;:!?'".includes(last) && !unbalanced) break;
    end -= 1;
  }
  return url.slice(0, end);
}

const count = (s: string, c: string) => s.split(c).length - 1;

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Attribute values arrive HTML-encoded (`&amp;` between query parameters). */
function decodeEntities(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, name: string) => {
    if (name[0] === '#') {
      const code =
        name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
    }
    return NAMED_ENTITIES[name.toLowerCase()] ?? entity;
  });
}

/**
 * Reads the saved inbox, skipping lines a crash cut short. When the file holds far more than is kept
 * in memory it is rewritten with the kept part, so it cannot grow without end.
 */
async function loadInbox(file: string): Promise<InboxMessage[]> {
  await mkdir(dirname(file), { recursive: true });
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  // A crash mid-append leaves a line without its end; the next message must not be glued to it.
  if (raw !== '' && !raw.endsWith('\n')) await appendFile(file, '\n');
  const lines = raw.split('\n').filter((line) => line.trim() !== '');
  const messages = lines.flatMap((line) => {
    try {
      const value: unknown = JSON.parse(line);
      return isInboxMessage(value) ? [value] : [];
    } catch {
      return [];
    }
  });
  if (lines.length > 2 * MAX_MESSAGES) {
    const kept = messages.slice(-MAX_MESSAGES);
    await writeFile(`${file}.tmp`, kept.map((m) => `${JSON.stringify(m)}\n`).join(''));
    await rename(`${file}.tmp`, file);
    return kept;
  }
  return messages;
}

function isInboxMessage(value: unknown): value is InboxMessage {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Record<string, unknown>;
  const strings = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === 'string');
  return (
    typeof m.id === 'string' &&
    typeof m.subject === 'string' &&
    typeof m.receivedAt === 'string' &&
    typeof m.text === 'string' &&
    typeof m.html === 'string' &&
    strings(m.to) &&
    strings(m.links)
  );
}
