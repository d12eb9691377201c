import { AsyncLocalStorage } from 'node:async_hooks';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

export interface DynamoDbPriorityOptions {
  /** Background DynamoDB calls in flight at once while no API request runs. */
  backgroundCalls?: number;
  /**
   * Background calls in flight at once while API requests run. One keeps the database working while
   * requests follow each other without a gap (approvers, a burst of submissions); a request then
   * waits behind at most that call and those already sent when it arrived.
   */
  backgroundCallsDuringRequests?: number;
  /**
   * With backgroundCallsDuringRequests 0: how long the oldest waiting background call may be held
   * back while API requests keep coming; after that one at a time goes through, so that a steady
   * stream of requests never stops the workflows.
   */
  maxHoldMs?: number;
  /**
   * How long after the last API request the background keeps the fewer slots of
   * `backgroundCallsDuringRequests`: requests that follow each other closely (a steady 20
   * submissions/s) then each find at most that many background calls ahead of them in DynamoDB
   * Local, not the calls that started in the gap between two requests.
   */
  quietAfterMs?: number;
  /**
   * True while the background work is far behind (a long step backlog): it then keeps all its
   * slots while requests run too, so that the workflows catch up before new work has to be refused.
   */
  behind?: () => boolean;
}

/**
 * DynamoDB Local on a 2-core machine is saturated by two calls in flight (file-backed: about 550
 * puts/s or 220 three-item transactions/s at 2 in flight, no more at 4 or 16, only longer waits).
 */
const DEFAULT_BACKGROUND_CALLS = 2;
const DEFAULT_BACKGROUND_CALLS_DURING_REQUESTS = 1;
/** A few API requests' worth at 20 submissions/s; far below any step timeout. */
const DEFAULT_MAX_HOLD_MS = 100;
/** Five gaps between submissions at 20/s; short enough that a drain after the load runs at full speed. */
const DEFAULT_QUIET_AFTER_MS = 250;
const MIDDLEWARE_NAME = 'localDynamoDbPriority';

/**
 * Priority at the level of each DynamoDB call, for the local stack, where the API and every workflow
 * step share one DynamoDB Local: a call made by an API request goes at once; a call made in the
 * background (a workflow step, a scheduled sweep) waits for a slot: `backgroundCalls` while no API
 * request is in flight, `backgroundCallsDuringRequests` while one is. A request therefore waits behind
 * at most the few background calls already sent, never behind a queue of them, and a step between
 * two calls gives way to the API without being interrupted (nothing is cancelled, only delayed).
 * Which invocation a call belongs to is carried by AsyncLocalStorage: the background scope is entered
 * where the local stack invokes a step or a sweep; every other call (API handlers, start-up) counts
 * as the API's. Bounded in memory: at most one waiting entry per step or sweep under way.
 */
export class DynamoDbPriority {
  private readonly scope = new AsyncLocalStorage<true>();
  private readonly backgroundCalls: number;
  private readonly maxHoldMs: number;
  private readonly duringRequests: number;
  private readonly behind: () => boolean;
  private readonly quietAfterMs: number;
  private requestsInFlight = 0;
  private lastRequestSettledAt = Number.NEGATIVE_INFINITY;
  private quietTimer: NodeJS.Timeout | undefined;
  private running = 0;
  private waiting: Array<{ since: number; go: () => void }> = [];
  private holdTimer: NodeJS.Timeout | undefined;

  constructor(options: DynamoDbPriorityOptions = {}) {
    this.backgroundCalls = options.backgroundCalls ?? DEFAULT_BACKGROUND_CALLS;
    this.maxHoldMs = options.maxHoldMs ?? DEFAULT_MAX_HOLD_MS;
    this.duringRequests = Math.min(
      options.backgroundCallsDuringRequests ?? DEFAULT_BACKGROUND_CALLS_DURING_REQUESTS,
      this.backgroundCalls,
    );
    this.behind = options.behind ?? (() => false);
    this.quietAfterMs = options.quietAfterMs ?? DEFAULT_QUIET_AFTER_MS;
    if (!(this.backgroundCalls >= 1))
      throw new Error(`Background DynamoDB calls must be at least 1, got ${this.backgroundCalls}`);
  }

  /** Runs `work` (a step or a sweep) so that every DynamoDB call it makes is a background call. */
  background<T>(work: () => T): T {
    return this.scope.run(true, work);
  }

  /**
   * Runs one call made outside the handlers' client (the stream poller's reads) as a background
   * call: it waits for a slot like a step's call.
   */
  async backgroundCall<T>(call: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await call();
    } finally {
      this.running--;
      this.pump();
    }
  }

  /** An API request started: background calls not yet sent wait until no request runs. */
  requestStarted(): void {
    this.requestsInFlight++;
  }

  requestSettled(): void {
    this.requestsInFlight--;
    if (this.requestsInFlight > 0) return;
    this.lastRequestSettledAt = Date.now();
    this.pump();
    // When the quiet period ends, the background gets its other slots back.
    clearTimeout(this.quietTimer);
    this.quietTimer = setTimeout(() => this.pump(), this.quietAfterMs);
    this.quietTimer.unref();
  }

  /** Background calls waiting for their turn (for the bench and tests). */
  get waitingCalls(): number {
    return this.waiting.length;
  }

  /** Gates the calls of `client` (the handlers' shared client); returns what removes the gate. */
  install(client: DynamoDBClient): () => void {
    client.middlewareStack.add(
      (next) => async (args) => {
        if (!this.scope.getStore()) return next(args);
        await this.acquire();
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
      clearTimeout(this.quietTimer);
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
    const quiet = this.requestsInFlight === 0 && now - this.lastRequestSettledAt >= this.quietAfterMs;
    if (quiet || this.behind()) return this.backgroundCalls;
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
