import * as actionRepository from '../adapters/dynamodb/action-repository.js';
import { outboxRepository } from '../adapters/dynamodb/outbox-repository.js';
import * as poolRepository from '../adapters/dynamodb/pool-repository.js';
import { proposalRepository } from '../adapters/dynamodb/proposal-repository.js';
import { runMarkers } from '../adapters/dynamodb/run-markers.js';
import { clearUndelivered } from '../adapters/dynamodb/undelivered.js';
import { env } from '../adapters/env.js';
import { fundWaitlist } from '../budget/fund-waitlist.js';
import { deliverDecision } from '../workflow/deliver-decision.js';

/** The sweep's actor in audit events. */
const SYSTEM_ACTOR = 'sistem';

/** Work items handled per list and sweep; the next sweep takes the rest. */
const BATCH = 100;

export interface SweepReport {
  /** Run markers handed to the run starter again (through the table's stream). */
  runsRequeued: number;
  decisionsDelivered: number;
  decisionsDropped: number;
  /** Pending mails handed to the mail sender again (through the table's stream). */
  mailsRequeued: number;
  waitlistFunded: number;
}

/**
 * Finishes what a crash left undone, from the records alone (on a schedule on AWS; at start-up
 * and periodically locally): runs that were stored but never started are handed to the run
 * starter again (by touching their marker; it starts them by name, so none runs twice); decisions that were recorded but never reached their waiting task are
 * delivered; mails that were recorded but not sent are handed to the mail sender again; pools raised just before a crash have
 * their waitlist funded. (A planning round's reminders run on their own schedule:
 * functions/rounds/round-reminders.ts.) Only items older than the grace
 * period are touched, so the sweep does not race the request that is still doing the work.
 */
export async function handler(): Promise<SweepReport> {
  const before = new Date(Date.now() - env.sweepGraceSeconds() * 1000).toISOString();
  const report: SweepReport = {
    runsRequeued: 0,
    decisionsDelivered: 0,
    decisionsDropped: 0,
    mailsRequeued: 0,
    waitlistFunded: 0,
  };

  // The run starter starts the run (or, finding it there, removes the marker).
  const at = new Date().toISOString();
  for (const run of await runMarkers.olderThan(before, BATCH)) {
    if (await runMarkers.requeue(run, at)) report.runsRequeued++;
  }

  for (const request of await actionRepository.undelivered(before, BATCH)) {
    const decision = request.decision;
    if (!decision) continue;
    if ((await deliverDecision(request, decision)) === 'DELIVERED') {
      report.decisionsDelivered++;
      continue;
    }
    // No task waits: the decision either went in already, or the stage is no longer waiting
    // (withdrawn, retried). While the proposal still waits at that stage, the wait's next entry
    // or timer takes the decision from the record, so the mark stays.
    const proposal = await proposalRepository.get(request.proposalId);
    const stillWaiting =
      proposal?.status === 'AWAITING_APPROVAL' &&
      proposal.revision === request.revision &&
      proposal.approvalStage === request.stage &&
      (proposal.runAttempt ?? 0) === request.attempt &&
      !proposal.approvals.some((a) => a.at === decision.at && a.by === decision.by);
    if (!stillWaiting) {
      await clearUndelivered(request);
      report.decisionsDropped++;
    }
  }

  // A pool raised just before a crash: its queue is run now (oldest first, as after any raise).
  for (const pool of await poolRepository.toFund(before, BATCH)) {
    report.waitlistFunded += (await fundWaitlist([pool], SYSTEM_ACTOR)).length;
    await poolRepository.funded(pool);
  }

  const now = new Date().toISOString();
  for (const mail of await outboxRepository.pending(before, BATCH)) {
    if (await outboxRepository.requeue(mail, now)) report.mailsRequeued++;
  }
  return report;
}
