import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { fromItem } from './marshalling.js';
import type { StoredProposal } from './proposal-repository.js';
import type { PendingRun } from './run-markers.js';
import type { TableStreamRecord } from './stream-record.js';

/**
 * The table changes that call for a run to start: a run marker written (INSERT, in the transaction
 * of the submission, revision or retry that needs the run) or touched again by the sweep (MODIFY)
 * because its run did not start. The run's first step deletes the marker (REMOVE, left out).
 */
export const PENDING_RUN_PATTERN = {
  eventName: ['INSERT', 'MODIFY'],
  dynamodb: { NewImage: { entity: { S: ['PENDING_RUN'] } } },
} as const;

/**
 * The table changes that call for a run to stop: a proposal whose stored status is now WITHDRAWN
 * (the withdrawal's guarded write). A later change of a withdrawn proposal matches too; stopping a
 * run that has ended already changes nothing.
 */
export const WITHDRAWN_PROPOSAL_PATTERN = {
  eventName: ['MODIFY'],
  dynamodb: { NewImage: { entity: { S: ['PROPOSAL'] }, status: { S: ['WITHDRAWN'] } } },
} as const;

/** A withdrawn proposal, as far as stopping its run needs it. */
export type WithdrawnProposal = Pick<StoredProposal, 'id' | 'revision' | 'runAttempt' | 'executionArn'>;

export interface RunChanges {
  toStart: Omit<PendingRun, 'since'>[];
  toStop: WithdrawnProposal[];
}

/**
 * What a batch of stream records asks of the runs. Records outside both patterns are skipped, not
 * trusted to the filter alone: a mapping without a filter (or a test) must start or stop nothing else.
 */
export function runChangesOf(records: readonly TableStreamRecord[]): RunChanges {
  const changes: RunChanges = { toStart: [], toStop: [] };
  for (const record of records) {
    const image = record.dynamodb?.NewImage as Record<string, AttributeValue> | undefined;
    if (!image) continue;
    const item = fromItem<Record<string, unknown>>(image);
    if (item.entity === 'PENDING_RUN' && (record.eventName === 'INSERT' || record.eventName === 'MODIFY')) {
      const run = item as unknown as PendingRun;
      changes.toStart.push({
        proposalId: run.proposalId,
        revision: run.revision,
        attempt: run.attempt,
        fiscalYear: run.fiscalYear,
        districtCode: run.districtCode,
      });
    } else if (item.entity === 'PROPOSAL' && item.status === 'WITHDRAWN' && record.eventName === 'MODIFY') {
      const p = item as unknown as StoredProposal;
      changes.toStop.push({
        id: p.id,
        revision: p.revision,
        runAttempt: p.runAttempt,
        executionArn: p.executionArn,
      });
    }
  }
  return changes;
}
