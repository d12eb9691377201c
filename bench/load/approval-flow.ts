import type { BenchStack } from '../stack/bench-stack.js';
import { assertLoopback } from '../stack/loopback.js';
import { type BenchProposal, submitProposal } from './proposals.js';

export interface FlowResult {
  title: string;
  proposalId?: string;
  /** Date.now() just before POST /proposals. */
  submittedAt: number;
  /** When POST /proposals answered 201. */
  createdAt?: number;
  /** When the approval email reached the bench (the stack pushes it as it arrives). */
  mailedAt?: number;
  /** When the approve POST answered 200 (the workflow has its task token back). */
  approvedAt?: number;
  /** When the AssignBudget step returned in the stack process. */
  finishedAt?: number;
  error?: string;
}

const TAG = /\[([a-z0-9]+-\d{6})\]/;

/** Resolves a value that may arrive before or after someone asks for it. */
class Rendezvous<T> {
  private readonly values = new Map<string, T>();
  private readonly waiters = new Map<string, (value: T) => void>();

  put(key: string, value: T): void {
    const waiter = this.waiters.get(key);
    if (waiter) {
      this.waiters.delete(key);
      waiter(value);
    } else {
      this.values.set(key, value);
    }
  }

  take(key: string, timeoutMs: number, what: string): Promise<T> {
    const ready = this.values.get(key);
    if (ready !== undefined) {
      this.values.delete(key);
      return Promise.resolve(ready);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(key);
        reject(new Error(`${what} did not come within ${Math.round(timeoutMs / 1000)} s`));
      }, timeoutMs);
      this.waiters.set(key, (value) => {
        clearTimeout(timer);
        resolve(value);
      });
    });
  }
}

/**
 * The happy path as people walk it: a district submits, the approver gets the email, opens the
 * action link (GET, the confirmation page) and approves (POST from that page); the proposal is done
 * when the workflow's AssignBudget step has returned.
 */
export class ApprovalFlow {
  private readonly links = new Rendezvous<string>();
  private readonly finished = new Rendezvous<number>();
  /** Outcome mails that reached the inbox and whose sender has not yet finished (marked them sent). */
  private readonly outcomeInFlight = new Set<string>();
  private readonly outcomeSettled = new Rendezvous<number>();

  constructor(private readonly stack: BenchStack) {
    stack.on('mail', (mail) => {
      const tag = TAG.exec(mail.subject)?.[1];
      const link = mail.links.find((l) => l.includes('/actions/'));
      if (tag && link) this.links.put(tag, link);
      else if (tag) this.outcomeInFlight.add(tag);
    });
    stack.on('step', (step) => {
      if (step.step === 'AssignBudget') this.finished.put(step.proposalId, step.at);
      // The mail sender logs its line after SMTP accepted the mail and the outbox marked it sent.
      if (step.step === 'SendMail') {
        for (const tag of this.outcomeInFlight) this.outcomeSettled.put(tag, step.at);
        this.outcomeInFlight.clear();
      }
    });
  }

  async watch(): Promise<void> {
    await this.stack.request({ cmd: 'watch', steps: ['AssignBudget', 'SendMail'], mail: true });
  }

  async unwatch(): Promise<void> {
    await this.stack.request({ cmd: 'watch', steps: [], mail: false });
  }

  /**
   * `stages`: how many approval stages the proposal passes (each mails its own link). `settle`: also
   * wait until the district's outcome mail is sent and marked sent (the mail sender runs after the
   * step that wrote it), so that a walk one at a time counts each proposal's calls in its own window.
   */
  async run(
    p: BenchProposal,
    timeoutMs: number,
    stages = 1,
    settle = false,
  ): Promise<FlowResult & { actionLink?: string }> {
    const tag = TAG.exec(p.title)?.[1];
    if (!tag) throw new Error(`bench proposal title without a tag: ${p.title}`);
    const result: FlowResult & { actionLink?: string } = { title: p.title, submittedAt: Date.now() };
    try {
      // Refusals while the stack is behind are retried after their Retry-After, inside the measured time.
      const created = await submitProposal(this.stack.url, p);
      const body = (await created.json()) as { id?: string; error?: { code?: string } };
      if (created.status !== 201 || !body.id)
        throw new Error(`POST /proposals → ${created.status} ${body.error?.code ?? ''}`);
      result.proposalId = body.id;
      result.createdAt = Date.now();

      for (let stage = 1; stage <= stages; stage++) {
        const link = assertLoopback(
          await this.links.take(tag, timeoutMs, `the approval email of stage ${stage}`),
        );
        result.actionLink ??= link;
        result.mailedAt ??= Date.now();
        const page = await fetch(link);
        await page.arrayBuffer();
        if (page.status !== 200) throw new Error(`GET action page → ${page.status}`);
        const decided = await fetch(link, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: 'decision=approve&note=Sesuai+prioritas+KIID',
        });
        await decided.arrayBuffer();
        if (decided.status !== 200) throw new Error(`POST action → ${decided.status}`);
      }
      result.approvedAt = Date.now();

      result.finishedAt = await this.finished.take(body.id, timeoutMs, 'the AssignBudget step');
      if (settle) await this.outcomeSettled.take(tag, timeoutMs, 'the outcome mail marked sent');
    } catch (error) {
      result.error = error instanceof Error ? error.message : String(error);
    }
    return result;
  }
}

/** GET /proposals/{id} for each finished flow; returns how many ended in each status. */
export async function finalStatuses(
  baseUrl: string,
  flows: Array<FlowResult & { token: string }>,
  concurrency = 16,
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  let next = 0;
  const worker = async () => {
    while (next < flows.length) {
      const f = flows[next++] as FlowResult & { token: string };
      let status = 'NOT_CREATED';
      if (f.proposalId) {
        const res = await fetch(`${baseUrl}/proposals/${f.proposalId}`, {
          headers: { authorization: `Bearer ${f.token}` },
        });
        status =
          res.status === 200 ? ((await res.json()) as { status: string }).status : `HTTP_${res.status}`;
      }
      counts[status] = (counts[status] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return counts;
}
