import { TransactWriteItemsCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import type { ApprovalAction } from '../../domain/approval-action.js';
import type { ApprovalDecision } from '../../domain/proposal.js';
import { dynamoDb, tableName } from './client.js';
import { rethrowTransient } from './errors.js';
import { keys } from './keys.js';
import { fromItem, toItem } from './marshalling.js';
import { getItem } from './query.js';
import { TABLE_DEFINITION } from './table-definition.js';

interface StoredAction extends ApprovalAction {
  taskToken: string;
}

const epochSeconds = (iso: string): number => Math.floor(Date.parse(iso) / 1000);

function publicPart(item: StoredAction): ApprovalAction {
  const { taskToken: _secret, ...rest } = item;
  for (const k of ['PK', 'SK', 'entity', TABLE_DEFINITION.timeToLiveAttribute] as const)
    delete (rest as Record<string, unknown>)[k];
  return rest;
}

export const actionRepository = {
  /** The actions already sent for a revision's stage: a re-entered step reuses them. */
  async findRequest(proposalId: string, revision: number, stage: string): Promise<string[] | null> {
    const out = await getItem(keys.approvalRequest(proposalId, revision, stage), { consistent: true });
    return out.Item ? fromItem<{ actionIds: string[] }>(out.Item).actionIds : null;
  },

  /** The writes that create a stage's actions; joined to the proposal's status change. */
  createWrites(actions: ApprovalAction[], taskToken: string) {
    const first = actions[0];
    if (!first) throw new Error('an approval request needs at least one approver');
    return [
      {
        Put: {
          TableName: tableName(),
          Item: toItem({
            ...keys.approvalRequest(first.proposalId, first.revision, first.stage),
            entity: 'APPROVAL_REQUEST',
            actionIds: actions.map((a) => a.actionId),
          }),
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      ...actions.map((a) => ({
        Put: {
          TableName: tableName(),
          Item: toItem({
            ...keys.action(a.actionId),
            entity: 'ACTION',
            ...a,
            requestActionIds: actions.map((other) => other.actionId),
            taskToken,
            // DynamoDB's TTL removes the record (and its token) a week after the link stopped working.
            [TABLE_DEFINITION.timeToLiveAttribute]: epochSeconds(a.expiresAt) + 7 * 24 * 3600,
          }),
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      })),
    ];
  },

  async get(actionId: string): Promise<(ApprovalAction & { taskToken: string }) | null> {
    const out = await getItem(keys.action(actionId), { consistent: true });
    if (!out.Item) return null;
    const stored = fromItem<StoredAction>(out.Item);
    return { ...publicPart(stored), taskToken: stored.taskToken };
  },

  /**
   * A re-entered wait (a retried invocation, or a resumed local execution) has a new task token;
   * the link stays the same. The token is replaced even on a decided action: a decision taken just
   * before the re-entry is then delivered with the new token (see the approval page).
   */
  async replaceToken(actionId: string, taskToken: string): Promise<void> {
    await dynamoDb()
      .send(
        new UpdateItemCommand({
          TableName: tableName(),
          Key: toItem(keys.action(actionId)),
          UpdateExpression: 'SET taskToken = :token',
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeValues: toItem({ ':token': taskToken }),
        }),
      )
      .catch(rethrowTransient);
  },

  async markEmailSent(actionId: string, at: string): Promise<void> {
    await dynamoDb()
      .send(
        new UpdateItemCommand({
          TableName: tableName(),
          Key: toItem(keys.action(actionId)),
          UpdateExpression: 'SET emailSentAt = :at',
          ExpressionAttributeValues: toItem({ ':at': at }),
        }),
      )
      .catch(rethrowTransient);
  },

  /**
   * Decides once: only a PENDING, unexpired action changes, so a double click or a second
   * approver's click loses cleanly. The sibling actions of the same request are closed in the
   * same transaction. Returns false when the action was no longer open.
   */
  async decide(
    action: ApprovalAction,
    siblings: string[],
    decision: { decision: ApprovalDecision; note: string; at: string },
  ): Promise<boolean> {
    const close = (actionId: string, own: boolean) => ({
      Update: {
        TableName: tableName(),
        Key: toItem(keys.action(actionId)),
        UpdateExpression: own
          ? 'SET #status = :decided, decision = :decision, note = :note, decidedAt = :at'
          : 'SET #status = :decided, decidedAt = :at, decidedBy = :by',
        ConditionExpression: own ? '#status = :pending AND expiresAt > :at' : '#status = :pending',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: toItem(
          own
            ? {
                ':decided': 'DECIDED',
                ':decision': decision.decision,
                ':note': decision.note,
                ':at': decision.at,
                ':pending': 'PENDING',
              }
            : {
                ':decided': 'DECIDED',
                ':at': decision.at,
                ':by': action.approverEmail,
                ':pending': 'PENDING',
              },
        ),
      },
    });
    try {
      await dynamoDb().send(
        new TransactWriteItemsCommand({
          TransactItems: [
            close(action.actionId, true),
            ...siblings.filter((s) => s !== action.actionId).map((s) => close(s, false)),
          ],
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof Error && error.name === 'TransactionCanceledException') return false;
      rethrowTransient(error);
    }
  },
};
