import { AsyncLocalStorage } from 'node:async_hooks';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import {
  APPROVALS_WAITING_METRIC,
  BUDGET_ASSIGNED_METRIC,
  METRICS_NAMESPACE,
  PROPOSAL_METRICS,
  type ProposalOutcome,
} from './metric-names.js';

export { PROPOSAL_METRICS, type ProposalOutcome };

/**
 * Structured logs and business metrics (Powertools for AWS Lambda). Every line of a request or a
 * workflow step carries the keys of what it works on: level, proposal id, revision, execution
 * (name), the Lambda request id and, for HTTP, the API request id. Never tokens, action ids or
 * personal data: only the keys below are ever attached, and HTTP lines name the route template,
 * not the path. Settings come from Powertools' own variables: POWERTOOLS_SERVICE_NAME and
 * POWERTOOLS_METRICS_NAMESPACE (set by the stack), POWERTOOLS_LOG_LEVEL, and POWERTOOLS_DEV (set
 * by the local stack, for indented lines in the terminal).
 */
// The service name comes from POWERTOOLS_SERVICE_NAME (ikm-<stage>), which the stack sets.
const baseLogger = new Logger();
const metrics = new Metrics({ namespace: METRICS_NAMESPACE });

/** The keys a log line may carry about the work in hand. */
export interface WorkKeys {
  proposalId?: string;
  revision?: number;
  /** The Step Functions execution name (`<proposalId>-r<revision>`). */
  executionId?: string;
  /** API Gateway's request id, for HTTP handlers. */
  requestId?: string;
  /** `POST /proposals/{id}/withdraw`: the route template, never the concrete path. */
  route?: string;
  /** The Task state, for workflow steps. */
  step?: string;
}

/**
 * The invocation's logger, in an AsyncLocalStorage rather than as keys on one shared logger: the
 * local stack runs many invocations at once in one process, and their keys must not mix.
 */
const invocation = new AsyncLocalStorage<Logger>();

/** The logger of the current request or step (the bare service logger outside one). */
export function log(): Logger {
  return invocation.getStore() ?? baseLogger;
}

/** Runs one invocation with its own logger and publishes the metrics it recorded when it ends. */
export async function withInvocation<T>(
  keys: WorkKeys,
  context: Context | undefined,
  run: () => Promise<T>,
): Promise<T> {
  const logger = baseLogger.createChild({ persistentKeys: definedOnly(keys) });
  if (context?.awsRequestId) logger.addContext(context);
  try {
    return await invocation.run(logger, run);
  } finally {
    flushMetrics();
  }
}

/**
 * For middleware that cannot wrap the handler (middy's before/after hooks): from here on, in this
 * invocation's async flow, log() is this invocation's logger. Ended by flushMetrics().
 */
export function enterInvocation(keys: WorkKeys, context: Context | undefined): Logger {
  const logger = baseLogger.createChild({ persistentKeys: definedOnly(keys) });
  if (context?.awsRequestId) logger.addContext(context);
  invocation.enterWith(logger);
  return logger;
}

/** Adds keys learnt during the invocation (e.g. the proposal id a create just made). */
export function appendWorkKeys(keys: WorkKeys): void {
  invocation.getStore()?.appendKeys(definedOnly(keys));
}

function definedOnly(keys: WorkKeys): Record<string, string | number> {
  return Object.fromEntries(Object.entries(keys).filter(([, v]) => v !== undefined)) as Record<
    string,
    string | number
  >;
}

/** Metrics recorded since the last flush; only the helpers below record any. */
let pending = 0;

/** Counts one proposal reaching `outcome` (emitted as EMF with the invocation's log lines). */
export function countProposal(outcome: ProposalOutcome): void {
  pending++;
  metrics.addMetric(PROPOSAL_METRICS[outcome], MetricUnit.Count, 1);
}

/** Records a budget assignment of `rupiah` (a whole number of rupiah). */
export function recordBudgetAssigned(rupiah: number): void {
  pending++;
  metrics.addMetric(BUDGET_ASSIGNED_METRIC, MetricUnit.NoUnit, rupiah);
}

/** Writes the EMF line of what was recorded, if anything was (an empty flush only warns). */
export function flushMetrics(): void {
  if (pending === 0) return;
  pending = 0;
  metrics.publishStoredMetrics();
}

/** Records how many approval requests are waiting for a decision right now (the periodic sweep). */
export function recordApprovalsWaiting(count: number): void {
  pending++;
  metrics.addMetric(APPROVALS_WAITING_METRIC, MetricUnit.Count, count);
}
