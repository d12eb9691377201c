import { DeleteItemCommand, type TransactWriteItem, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { dynamoDb, tableName } from './client.js';
import { translateError } from './errors.js';
import * as keys from './keys.js';
import { fromItem, toItem } from './marshalling.js';
import { workListBefore } from './query.js';
import { guarded } from './transaction.js';

/** A run to start, as the sweep finds it (markers written before the place was kept lack it). */
export interface PendingRun {
  proposalId: string;
  revision: number;
  attempt: number;
  fiscalYear?: number | undefined;
  districtCode?: string | undefined;
  since: string;
}

/** The run of a proposal's current revision with this attempt. */
export const runOf = (
  p: { id: string; revision: number; fiscalYear: number; districtCode: string },
  attempt: number,
) => ({
  proposalId: p.id,
  revision: p.revision,
  attempt,
  fiscalYear: p.fiscalYear,
  districtCode: p.districtCode,
});

/**
 * A run that must exist. The marker is written in the same transaction as the revision (or the
 * admin's retry) that needs the run, and deleted by the run's first step. The table's stream hands
 * the new marker to the run starter (functions/runs/run-control.ts), which starts the run by its
 * name; if that never happens (a crash, retries used up), the sweep touches the marker, which
 * brings it back to the starter. A name cannot start a second run.
 */
export const runMarkers = {
  put(run: PendingRun): TransactWriteItem {
    return {
      Put: {
        TableName: tableName(),
        Item: toItem({
          ...keys.pendingRun(run.proposalId, run.revision, run.attempt),
          ...keys.work('RUN#PENDING', run.since, run.proposalId),
          entity: 'PENDING_RUN',
          ...run,
        }),
      },
    };
  },

  deleteWrite(run: Omit<PendingRun, 'since'>): TransactWriteItem {
    return {
      Delete: {
        TableName: tableName(),
        Key: toItem(keys.pendingRun(run.proposalId, run.revision, run.attempt)),
      },
    };
  },

  async delete(run: Omit<PendingRun, 'since'>): Promise<void> {
    await dynamoDb()
      .send(
        new DeleteItemCommand({
          TableName: tableName(),
          Key: toItem(keys.pendingRun(run.proposalId, run.revision, run.attempt)),
        }),
      )
      .catch(translateError);
  },

  /**
   * Hands the marker to the run starter again (a MODIFY on the stream). Guarded on the marker still
   * being there: one deleted meanwhile (its run started) is not brought back. False when it was gone.
   */
  requeue(run: Omit<PendingRun, 'since'>, at: string): Promise<boolean> {
    return guarded(() =>
      dynamoDb().send(
        new UpdateItemCommand({
          TableName: tableName(),
          Key: toItem(keys.pendingRun(run.proposalId, run.revision, run.attempt)),
          UpdateExpression: 'SET requeuedAt = :at ADD requeues :one',
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeValues: toItem({ ':at': at, ':one': 1 }),
        }),
      ),
    );
  },

  async olderThan(before: string, limit: number): Promise<PendingRun[]> {
    return (await workListBefore('RUN#PENDING', before, limit)).map((item) => {
      const { proposalId, revision, attempt, fiscalYear, districtCode, since } = fromItem<PendingRun>(item);
      return { proposalId, revision, attempt, fiscalYear, districtCode, since };
    });
  },
};
