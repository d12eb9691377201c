import { AsyncLocalStorage } from 'node:async_hooks';
import type { Context } from 'aws-lambda';
import { EmfMetrics, metricsSettingsFromEnv } from './emf-metrics.js';
import {
  APPROVALS_WAITING_METRIC,
  BUDGET_ASSIGNED_METRIC,
  METRICS_NAMESPACE,
  PROPOSAL_METRICS,
  type ProposalOutcome,
} from './metric-names.js';
import { loggerSettingsFromEnv, StructuredLogger } from './structured-logger.js';

export { PROPOSAL_METRICS, type ProposalOutcome };

/**
 * Structured logs and business metrics (structured-logger.ts and emf-metrics.ts: the line shapes
 * of Powertools for AWS Lambda, written in-repo to keep the bundles small). Every line of a request
 * or a workflow step carries the keys of what it works on: level, proposal id, revision, execution
 * (name), the Lambda request id and, for HTTP, the API request id. Never tokens, action ids or
 * personal data: only the keys below are ever attached, and HTTP lines name the route template,
 * not the path. Settings come from Powertools' variable names: POWERTOOLS_SERVICE_NAME (set by the
 * stack), POWERTOOLS_LOG_LEVEL, and POWERTOOLS_DEV (set by the local stack, for indented lines in
 * the terminal and no EMF lines).
 */
// The service name comes from POWERTOOLS_SERVICE_NAME (ikm-<stage>), which the stack sets.
const baseLogger = new StructuredLogger(loggerSettingsFromEnv());
const metrics = new EmfMetrics(metricsSettingsFromEnv(METRICS_NAMESPACE));

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
const invocation = new AsyncLocalStorage<StructuredLogger>();

/** The logger of the current request or step (the bare service logger outside one). */
export function log(): StructuredLogger {
  return invocation.getStore() ?? baseLogger;
}

/** Runs one invocation with its own logger and publishes the metrics it recorded when it ends. */
export async function withInvocation<T>(
  keys: WorkKeys,
  context: Context | undefined,
  run: () => Promise<T>,
): Promise<T> {
  const logger = baseLogger.child(definedOnly(keys));
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
export function enterInvocation(keys: WorkKeys, context: Context | undefined): StructuredLogger {
  const logger = baseLogger.child(definedOnly(keys));
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

/** Counts one proposal reaching `outcome` (emitted as EMF with the invocation's log lines). */
export function countProposal(outcome: ProposalOutcome): void {
  metrics.add(PROPOSAL_METRICS[outcome], 'Count', 1);
}

/** Records a budget assignment of `rupiah` (a whole number of rupiah). */
export function recordBudgetAssigned(rupiah: number): void {
  metrics.add(BUDGET_ASSIGNED_METRIC, 'None', rupiah);
}

/** Writes the EMF line of what was recorded, if anything was. */
export function flushMetrics(): void {
  metrics.flush();
}

/** Records how many approval requests are waiting for a decision right now (the periodic sweep). */
export function recordApprovalsWaiting(count: number): void {
  metrics.add(APPROVALS_WAITING_METRIC, 'Count', count);
}
