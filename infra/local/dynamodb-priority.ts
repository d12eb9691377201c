import { AsyncLocalStorage } from 'node:async_hooks';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

export interface DynamoDbPriorityOptions {
  /** Background DynamoDB calls in flight at once while no API request runs. */
  backgroundCalls?: number;
  /** Background calls in flight at once while an API request runs (0: none starts until it settles). */
  backgroundCallsDuringRequests?: number;
  /**
   * How long the oldest waiting background call may be held back while API requests keep coming:
   * after that, one background call at a time goes through, so that a steady stream of requests
   * never stops the workflows.
   */
  maxHoldMs?: number;
}

/**
 * DynamoDB Local on a 2-core machine is saturated by two calls in flight (file-backed: about 550
 * puts/s or 220 three-item transactions/s at 2 in flight, no more at 4 or 16, only longer waits).
 */
const DEFAULT_BACKGROUND_CALLS = 2;
/** A few API requests' worth at 20 submissions/s; far below any step timeout. */
const DEFAULT_MAX_HOLD_MS = 100;
const MIDDLEWARE_NAME = 'localDynamoDbPriority';

/**
 * Priority at the level of each DynamoDB call, for the local stack, where the API and every workflow
 * step share one DynamoDB Local: a call made by an API request goes at once; a call made in the
 * background (a workflow step, a scheduled sweep) waits while any API request is in flight, and at
 * most `backgroundCalls` of them run at once otherwise. A request therefore waits behind at most the
 * background calls already sent, never behind a queue of them, and a step between two calls yields to
 * the API without being interrupted (nothing is cancelled, only delayed). Which invocation a call
 * belongs to is carried by AsyncLocalStorage: the background scope is entered where the local stack
 * invokes a step or a sweep; every other call (API handlers, start-up) counts as the API's.
 */
export class DynamoDbPriority {
  private readonly scope = new AsyncLocalStorage<true>();
  private readonly backgroundCalls: number;
  private readonly maxHoldMs: number;
  private readonly duringRequests: number;
  private requestsInFlight = 0;
  private running = 0;
  private waiting: Array<{ since: number; go: () => void }> = [];
  private holdTimer: NodeJS.Timeout | undefined;

  constructor(options: DynamoDbPriorityOptions = {}) {
    this.backgroundCalls = options.backgroundCalls ?? DEFAULT_BACKGROUND_CALLS;
    this.maxHoldMs = options.maxHoldMs ?? DEFAULT_MAX_HOLD_MS;
    this.duringRequests = Math.min(options.backgroundCallsDuringRequests ?? 0, this.backgroundCalls);
    if (!(this.backgroundCalls >= 1))
      throw new Error(`Background DynamoDB calls must be at least 1, got ${this.backgroundCalls}`);
  }

  /** Runs `work` (a step or a sweep) so that every DynamoDB call it makes is a background call. */
  background<T>(work: () => T): T {
    return this.scope.run(true, work);
  }

  /** An API request started: background calls not yet sent wait until no request runs. */
  requestStarted(): void {
    this.requestsInFlight++;
  }

  requestSettled(): void {
    this.requestsInFlight--;
    if (this.requestsInFlight === 0) this.pump();
  }

  /** Background calls waiting for their turn (for the bench and tests). */
  get waitingCalls(): number {
    return this.waiting.length;
  }

  /** Gates the calls of `client` (the handlers' shared client); returns what removes the gate. */
  install(client: DynamoDBClient): () => void {
    client.middlewareStack.add(
      (next) => async (args) => {
        if (!this.scope.getStore()) {
          // EXPERIMENT-ONLY
          const t = performance.now();
          try { return await next(args); } finally { EXP.fg.push([performance.now() - t, this.running]); }
        }
        const tw = performance.now();
        await this.acquire();
        EXP.bgWait.push(performance.now() - tw);
        try {
          return await next(args);
        } finally {
          this.running--;
          this.pump();
        }
      },
      // Before the SDK's retries: a retried attempt keeps the slot it has.
      { step: 'initialize', name: MIDDLEWARE_NAME, priority: 'high' },
    );
    return () => {
      client.middlewareStack.remove(MIDDLEWARE_NAME);
      clearTimeout(this.holdTimer);
      for (const w of this.waiting.splice(0)) w.go();
    };
  }

  private acquire(): Promise<void> {
    if (this.waiting.length === 0 && this.running < this.limit(Date.now())) {
      this.running++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      this.waiting.push({
        since: Date.now(),
        go: () => {
          this.running++;
          resolve();
        },
      });
      this.armHoldTimer();
    });
  }

  /** How many background calls may be in flight now. */
  private limit(now: number): number {
    if (this.requestsInFlight === 0) return this.backgroundCalls;
    const oldest = this.waiting[0];
    return oldest !== undefined && now - oldest.since >= this.maxHoldMs
      ? Math.max(1, this.duringRequests)
      : this.duringRequests;
  }

  private pump(): void {
    const now = Date.now();
    while (this.waiting.length > 0 && this.running < this.limit(now)) this.waiting.shift()?.go();
    this.armHoldTimer();
  }

  /** While requests hold background calls back, wake up when the oldest has waited its longest. */
  private armHoldTimer(): void {
    if (this.holdTimer || this.waiting.length === 0 || this.requestsInFlight === 0) return;
    const oldest = this.waiting[0] as { since: number };
    const delay = Math.max(0, oldest.since + this.maxHoldMs - Date.now());
    this.holdTimer = setTimeout(() => {
      this.holdTimer = undefined;
      this.pump();
    }, delay);
    this.holdTimer.unref();
  }
}

// EXPERIMENT-ONLY
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { writeFileSync } from 'node:fs';
const EXP = { fg: [] as Array<[number, number]>, bgWait: [] as number[] };
if (process.env.IKM_EXP_OUT) {
  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  setInterval(() => {
    const q = (a: number[], f: number) => { const b = [...a].sort((x, y) => x - y); return b[Math.floor(b.length * f)]?.toFixed(1); };
    const fg = EXP.fg.map((x) => x[0]);
    writeFileSync(process.env.IKM_EXP_OUT as string, JSON.stringify({ fgCalls: fg.length, fgP50: q(fg, 0.5), fgP90: q(fg, 0.9), fgP99: q(fg, 0.99), fgWithBgRunning: EXP.fg.filter((x) => x[1] > 0).length, bgWaits: EXP.bgWait.length, bgWaitP50: q(EXP.bgWait, 0.5), bgWaitP99: q(EXP.bgWait, 0.99), elP50: (h.percentile(50) / 1e6).toFixed(1), elP99: (h.percentile(99) / 1e6).toFixed(1), elMax: (h.max / 1e6).toFixed(1) }));
  }, 1000).unref();
}
