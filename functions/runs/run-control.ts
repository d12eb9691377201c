import type { Context } from 'aws-lambda';
import { runMarkers } from '../adapters/dynamodb/run-markers.js';
import { runChangesOf, type WithdrawnProposal } from '../adapters/dynamodb/run-stream.js';
import type { TableStreamRecord } from '../adapters/dynamodb/stream-record.js';
import { executionArnOf, executionName } from '../adapters/execution-name.js';
import { log, withInvocation } from '../adapters/observability.js';
import { stopExecution } from '../adapters/stepfunctions.js';
import { startRecordedRun } from '../workflow/start-run.js';

export interface RunControlReport {
  started: number;
  /** Runs that existed already (a repeated record, or a marker the sweep touched): marker removed. */
  alreadyThere: number;
  stopped: number;
  /** Withdrawn before its run existed, or its run is gone from history: nothing to stop. */
  notFound: number;
}

/**
 * The run starter and stopper, fed by the table's stream: the only function that starts or stops
 * executions. A submission, a revision or an admin's retry writes its run marker in its own
 * transaction (PENDING_RUN_PATTERN), and a withdrawal writes the proposal's WITHDRAWN status
 * (WITHDRAWN_PROPOSAL_PATTERN); this starts the run by its name, or stops the run of the withdrawn
 * revision. Both are idempotent, so a record handed over twice changes nothing. A batch with a
 * failure is thrown back whole (Lambda retries it, halved): what succeeded is a no-op the second
 * time. A marker whose start never succeeds stays in the table, and the sweep touches it again.
 * Keeping Step Functions out of the API handlers keeps their bundles about 22 KB smaller, and their
 * answer no longer waits for StartExecution.
 */
export async function handler(
  event: { Records?: readonly TableStreamRecord[] },
  context?: Context,
): Promise<RunControlReport> {
  return withInvocation({ step: 'RunControl' }, context, async () => {
    const startedAt = performance.now();
    const { toStart, toStop } = runChangesOf(event.Records ?? []);
    const report: RunControlReport = { started: 0, alreadyThere: 0, stopped: 0, notFound: 0 };
    const failures: unknown[] = [];
    for (const run of toStart) {
      try {
        const outcome = await startRecordedRun(run);
        if (outcome === 'STARTED') report.started++;
        else {
          // The run exists (or the marker outlived its proposal): the marker's job is done.
          report.alreadyThere++;
          await runMarkers.delete(run);
        }
      } catch (error) {
        failures.push(error);
      }
    }
    for (const proposal of toStop) {
      try {
        const outcome = await stopExecution(
          currentExecutionArn(proposal),
          'Usulan ditarik oleh kabupaten/kota',
        );
        if (outcome === 'STOPPED') report.stopped++;
        else report.notFound++;
      } catch (error) {
        failures.push(error);
      }
    }
    // The same one line per invocation as a workflow step's, which the bench counts.
    log().info('step finished', {
      ms: Math.round(performance.now() - startedAt),
      records: event.Records?.length ?? 0,
      ...report,
      failed: failures.length,
    });
    if (failures.length > 0) throw failures[0];
    return report;
  });
}

/**
 * The stored ARN is set when a run records the submission (and by a revision, up front); before
 * that it may be missing or still name the previous revision's run, whose name is known anyway.
 */
function currentExecutionArn(proposal: WithdrawnProposal): string {
  const attempt = proposal.runAttempt ?? 0;
  const stored = proposal.executionArn;
  return stored?.endsWith(`:${executionName(proposal.id, proposal.revision, attempt)}`)
    ? stored
    : executionArnOf(proposal.id, proposal.revision, attempt);
}
