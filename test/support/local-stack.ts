import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Role } from '../../functions/domain/caller.js';
import { issueToken } from '../../infra/local/jwt-issuer.js';
import { type LocalStack, startLocalStack } from '../../infra/local/local-stack.js';

/**
 * `IKM_HANDLERS=bundles` (the `bundles` project of vitest.config.ts) runs the same tests on the
 * Lambda bundles as `cdk synth` builds them instead of the source modules.
 */
const bundles = process.env.IKM_HANDLERS === 'bundles';

/** A whole local stack on free ports and a fresh data directory, for one test file. */
export async function startTestStack(env: Record<string, string> = {}): Promise<TestStack> {
  Object.assign(process.env, { POWERTOOLS_LOG_LEVEL: 'ERROR', ...env });
  const dataDir = await mkdtemp(join(tmpdir(), 'ikm-test-'));
  const stack = await startLocalStack({
    port: 0,
    dynamoDbPort: 0,
    sfnPort: 0,
    smtpPort: 0,
    dataDir,
    bundles,
  });
  return new TestStack(stack, dataDir);
}

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  text: string;
  headers: Headers;
}

export class TestStack {
  constructor(
    public stack: LocalStack,
    readonly dataDir: string,
  ) {}

  /** Stops every part and starts it again on the same data, as a person's Ctrl-C and `npm start` would. */
  async restart(): Promise<void> {
    const port = (url: string) => Number(new URL(url).port);
    const ports = {
      port: port(this.stack.url),
      dynamoDbPort: port(this.stack.dynamoDbEndpoint),
      sfnPort: port(this.stack.sfnEndpoint),
      smtpPort: this.stack.inbox.port,
      sesPort: port(this.stack.sesEndpoint),
    };
    await this.stack.stop();
    // The same ports, as `npm start` uses: links already mailed keep working.
    this.stack = await startLocalStack({ ...ports, dataDir: this.dataDir, bundles });
  }

  get url(): string {
    return this.stack.url;
  }

  token(role: Role, opts: { districtCode?: string; stage?: string; email?: string } = {}): Promise<string> {
    return issueToken({ role, ...opts, dataDir: this.dataDir });
  }

  async api<T = any>(
    method: string,
    path: string,
    opts: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body: string | undefined;
    if (opts.rawBody !== undefined) body = opts.rawBody;
    else if (opts.body !== undefined) body = JSON.stringify(opts.body);
    if (body !== undefined) headers['content-type'] ??= 'application/json';
    const res = await fetch(this.url + path, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // HTML pages stay text.
    }
    return { status: res.status, body: parsed as T, text, headers: res.headers };
  }

  /** Polls GET /proposals/{id} until the status is one of `statuses`. */
  async waitForStatus(id: string, token: string, statuses: string[], timeoutMs = 15_000): Promise<any> {
    const deadline = Date.now() + timeoutMs;
    let last: any;
    while (Date.now() < deadline) {
      last = (await this.api('GET', `/proposals/${id}`, { token })).body;
      if (statuses.includes(last?.status)) return last;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`proposal ${id} did not reach ${statuses.join('|')}; last: ${JSON.stringify(last)}`);
  }

  /**
   * The action link mailed about a proposal (found by its unique title), to one address when
   * given (default: the first stage's approver), of the given kind of mail (default: the request).
   */
  async approvalLink(
    title: string,
    opts: { to?: string; subjectStarts?: string; timeoutMs?: number } | number = {},
  ): Promise<string> {
    const o = typeof opts === 'number' ? { timeoutMs: opts } : opts;
    const to = o.to ?? 'kabid_ikm@disperin.local';
    const starts = o.subjectStarts ?? 'Mohon persetujuan';
    const mail = await this.stack.inbox.waitFor(
      (m) => m.subject.includes(title) && m.subject.startsWith(starts) && m.to.includes(to),
      o.timeoutMs ?? 15_000,
    );
    const link = mail.links.find((l) => l.includes('/actions/'));
    if (!link) throw new Error(`no action link in mail "${mail.subject}"`);
    return link;
  }

  /** Every mail about a proposal so far (each names the proposal's number). */
  mailsAbout(proposalId: string) {
    return this.stack.inbox
      .messages()
      .filter((m) => m.subject.includes(proposalId) || m.text.includes(proposalId));
  }

  /** Waits until a mail about the proposal matches. */
  waitForMail(
    proposalId: string,
    pred: (m: { to: string[]; subject: string; text: string; links: string[] }) => boolean,
    timeoutMs = 15_000,
  ) {
    return this.stack.inbox.waitFor(
      (m) => (m.subject.includes(proposalId) || m.text.includes(proposalId)) && pred(m),
      timeoutMs,
    );
  }

  /** The history once every mail it records has left (sending is after the commit). */
  async settledHistory(id: string, token: string, timeoutMs = 10_000): Promise<any[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const history = (await this.api('GET', `/proposals/${id}/history`, { token })).body as any[];
      if (!history.some((e) => e.type === 'EMAIL_PENDING') || Date.now() > deadline) return history;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async stop(): Promise<void> {
    await this.stack.stop();
    await rm(this.dataDir, { recursive: true, force: true });
  }
}

let counter = 0;

/** A proposal body that passes the 2016 rules for Kota Makassar; `title` is unique per call. */
export function validProposal(overrides: Record<string, unknown> = {}): Record<string, any> {
  counter += 1;
  return {
    fiscalYear: 2016,
    districtCode: '73.71',
    title: `Penumbuhan wirausaha baru kerajinan kulit ${Date.now().toString(36)}-${counter}`,
    programKind: 'WIRAUSAHA_BARU',
    commodity: 'kerajinan kulit',
    description: 'Pelatihan dan pendampingan calon wirausaha kerajinan kulit.',
    targets: { newEntrepreneurs: 40, jobsCreated: 120, ikmUnits: 20 },
    funding: [
      { source: 'APBN', amount: 300000000 },
      { source: 'APBD_PROVINSI', amount: 150000000 },
      { source: 'APBD_KABUPATEN_KOTA', amount: 60000000 },
    ],
    ...overrides,
  };
}
