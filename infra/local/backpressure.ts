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
  /** Workflow-starting requests in flight at once; one more gets 503. */
  maxWorkflowStartsInFlight?: number;
  retryAfterSeconds?: number;
}

/** About five seconds of steps at the rate DynamoDB Local sustains on a small machine. */
const DEFAULT_STEP_BACKLOG_LIMIT = 100;
/**
 * Each start is a DynamoDB transaction, which DynamoDB Local runs one at a time: more in flight only
 * queue there, and every request behind them (a GET included) waits as long.
 */
const DEFAULT_MAX_WORKFLOW_STARTS_IN_FLIGHT = 8;
const DEFAULT_RETRY_AFTER_SECONDS = 2;

/**
 * Backpressure for the local stack, where the API and every workflow step share one DynamoDB
 * Local: while any API request runs, the engine yields (steps start one at a time), so that the
 * API's own calls are not queued behind a burst of steps; and when the steps' backlog or the
 * submissions in flight pass their bounds, new workflow-starting requests are answered 503 with
 * Retry-After (the standard answer of a throttled service) instead of growing a queue. Nothing in
 * the handlers knows about it.
 */
export function localBackpressure(
  engine: Pick<LocalStepFunctions, 'metrics' | 'yieldTasks'>,
  options: BackpressureOptions = {},
): Admission {
  const backlogLimit = options.stepBacklogLimit ?? DEFAULT_STEP_BACKLOG_LIMIT;
  const maxStarts = options.maxWorkflowStartsInFlight ?? DEFAULT_MAX_WORKFLOW_STARTS_IN_FLIGHT;
  const retryAfter = options.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS;
  const busy: GatewayError = {
    status: 503,
    code: 'SERVICE_BUSY',
    message: `Sistem sedang memproses banyak usulan. Silakan kirim ulang dalam ${retryAfter} detik.`,
    headers: { 'retry-after': String(retryAfter) },
  };
  let inFlight = 0;
  let startsInFlight = 0;
  return {
    admit(route) {
      if (WORKFLOW_STARTING_FUNCTIONS.has(route.functionName)) {
        if (startsInFlight >= maxStarts || engine.metrics().pendingTasks > backlogLimit) return busy;
        startsInFlight++;
      }
      if (inFlight++ === 0) engine.yieldTasks(true);
      return undefined;
    },
    settled(route) {
      if (WORKFLOW_STARTING_FUNCTIONS.has(route.functionName)) startsInFlight--;
      if (--inFlight === 0) engine.yieldTasks(false);
    },
  };
}
