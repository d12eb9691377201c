import type { DynamoDbPriority } from './dynamodb-priority.js';
import type { GatewayError } from './gateway/response-writer.js';
import type { Admission } from './http-gateway.js';
import type { LocalStepFunctions } from './stepfunctions/index.js';

/**
 * The handlers whose requests start a workflow run (a new proposal, a revision, an admin retry):
 * the requests the local stack refuses when it is behind, before anything is stored, so that a
 * refused request leaves no proposal behind for a sweep to pick up later.
 */
export const WORKFLOW_STARTING_FUNCTIONS: ReadonlySet<string> = new Set([
  'create-proposal',
  'create-revision',
  'retry-proposal',
]);

export interface BackpressureOptions {
  /** Step invocations (waiting + running) above which workflow-starting requests get 503. */
  stepBacklogLimit?: number;
  /** Workflow-starting requests in flight at once; more wait for a turn (see maxWaitingStarts). */
  maxWorkflowStartsInFlight?: number;
  /** Workflow-starting requests waiting for a turn; one more gets 503 at once. */
  maxWaitingStarts?: number;
  /** How long a request waits for its turn before it gets 503 (a backstop: turns take milliseconds). */
  maxStartWaitMs?: number;
  retryAfterSeconds?: number;
}

/** About five seconds of steps at the rate DynamoDB Local sustains on a small machine. */
export const DEFAULT_STEP_BACKLOG_LIMIT = 100;
/**
 * Each start is a DynamoDB transaction, which DynamoDB Local runs one at a time: more in flight only
 * queue there, and every request behind them (a GET included) waits as long.
 */
const DEFAULT_MAX_WORKFLOW_STARTS_IN_FLIGHT = 8;
/**
 * A burst (a district office sending its whole list, a client retrying after an outage) is served in
 * turns instead of being refused: a refused burst comes back all at once after Retry-After and is
 * mostly refused again. Bounded, because each waiting request holds its connection and body.
 */
const DEFAULT_MAX_WAITING_STARTS = 128;
const DEFAULT_MAX_START_WAIT_MS = 5_000;
const DEFAULT_RETRY_AFTER_SECONDS = 2;

interface WaitingStart {
  /** Called with the answer: undefined (run now) or the refusal. */
  answer: (refusal: GatewayError | undefined) => void;
  timer: NodeJS.Timeout;
}

/**
 * Backpressure for the local stack, where the API and every workflow step share one DynamoDB
 * Local: while any API request runs, the steps' DynamoDB calls wait (see DynamoDbPriority) and the
 * engine starts fewer steps, so that the API's own calls are not queued behind a burst of steps; a
 * bounded number of workflow-starting requests run at once and a bounded number wait their turn in
 * arrival order; past those bounds, or after waiting too long while the steps' backlog stays over its
 * bound, a request is answered 503 with Retry-After (the standard answer of a throttled service)
 * instead of growing a queue. Nothing in the handlers knows about it.
 */
export function localBackpressure(
  engine: Pick<LocalStepFunctions, 'metrics' | 'yieldTasks'>,
  options: BackpressureOptions = {},
  priority?: Pick<DynamoDbPriority, 'requestStarted' | 'requestSettled'>,
): Admission {
  const backlogLimit = options.stepBacklogLimit ?? DEFAULT_STEP_BACKLOG_LIMIT;
  const maxStarts = options.maxWorkflowStartsInFlight ?? DEFAULT_MAX_WORKFLOW_STARTS_IN_FLIGHT;
  const maxWaiting = options.maxWaitingStarts ?? DEFAULT_MAX_WAITING_STARTS;
  const maxWaitMs = options.maxStartWaitMs ?? DEFAULT_MAX_START_WAIT_MS;
  const retryAfter = options.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS;
  const busy: GatewayError = {
    status: 503,
    code: 'SERVICE_BUSY',
    message: `Sistem sedang memproses banyak usulan. Silakan kirim ulang dalam ${retryAfter} detik.`,
    headers: { 'retry-after': String(retryAfter) },
  };
  let inFlight = 0;
  let startsInFlight = 0;
  const waiting: WaitingStart[] = [];

  const behind = () => engine.metrics().pendingTasks > backlogLimit;

  const begin = () => {
    if (inFlight++ === 0) engine.yieldTasks(true);
    priority?.requestStarted();
  };

  /** A start finished: the oldest waiting request takes its turn, or is refused if the steps are behind. */
  const nextTurn = () => {
    while (waiting.length > 0 && startsInFlight < maxStarts) {
      const next = waiting.shift() as WaitingStart;
      clearTimeout(next.timer);
      if (behind()) {
        next.answer(busy);
        continue;
      }
      startsInFlight++;
      begin();
      next.answer(undefined);
    }
  };

  return {
    admit(route) {
      if (WORKFLOW_STARTING_FUNCTIONS.has(route.functionName)) {
        // The steps are behind: more work now would only lengthen their queue.
        if (behind()) return busy;
        if (startsInFlight >= maxStarts || waiting.length > 0) {
          if (waiting.length >= maxWaiting) return busy;
          return new Promise<GatewayError | undefined>((answer) => {
            const entry: WaitingStart = {
              answer,
              timer: setTimeout(() => {
                waiting.splice(waiting.indexOf(entry), 1);
                answer(busy);
              }, maxWaitMs),
            };
            waiting.push(entry);
          });
        }
        startsInFlight++;
      }
      begin();
      return undefined;
    },
    settled(route) {
      priority?.requestSettled();
      if (WORKFLOW_STARTING_FUNCTIONS.has(route.functionName)) {
        startsInFlight--;
        nextTurn();
      }
      if (--inFlight === 0) engine.yieldTasks(false);
    },
  };
}
