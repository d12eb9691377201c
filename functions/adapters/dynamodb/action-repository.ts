import type { TransactWriteItem } from '@aws-sdk/client-dynamodb';
import type { ApprovalAction, ApprovalRequest, DecisionOutput } from '../../domain/approval-action.js';
import { tableName } from './client.js';
import { ConditionFailedError } from './errors.js';
import * as keys from './keys.js';
import { fromItem, toItem } from './marshalling.js';
import { getItem, workListBefore } from './query.js';
import { TABLE_DEFINITION } from './table-definition.js';
import { transact } from './transaction.js';

type RequestKey = Pick<ApprovalRequest, 'proposalId' | 'revision' | 'attempt' | 'stage'>;

const epochSeconds = (iso: string): number => Math.floor(Date.parse(iso) / 1000);
/** DynamoDB's TTL removes a link's record (and a token) a week after it stopped working. */
const ttlAfter = (iso: string) => ({
  [TABLE_DEFINITION.timeToLiveAttribute]: epochSeconds(iso) + 7 * 24 * 3600,
});

const requestKey = (r: RequestKey) => keys.approvalRequest(r.proposalId, r.revision, r.attempt, r.stage);
const tokenKey = (r: RequestKey) => keys.taskToken(r.proposalId, r.revision, r.attempt, r.stage);

function strip<T>(item: Record<string, unknown>): T {
  for (const k of ['PK', 'SK', 'entity', 'GSI3PK', 'GSI3SK', TABLE_DEFINITION.timeToLiveAttribute])
    delete item[k];
  return item as T;
}

const actionPut = (a: ApprovalAction): TransactWriteItem => ({
  Put: {
    TableName: tableName(),
    Item: toItem({ ...keys.action(a.actionId), entity: 'ACTION', ...a, ...ttlAfter(a.expiresAt) }),
    ConditionExpression: 'attribute_not_exists(PK)',
  },
});

/** Why a decision could not be recorded. */
export type DecideRefusal = 'ACTION_USED' | 'ACTION_EXPIRED' | 'STAGE_DECIDED' | 'NOT_AWAITING';

/**
 * Approval requests, their links (actions) and their task tokens. The token is kept apart from
 * everything a page or a listing reads, under its own key prefix. Each operation is an exported
 * function and callers import the module as a namespace (`import * as actionRepository`), so a
 * bundle keeps only the operations its handler calls.
 */
/** The writes that open a stage's request; joined to the proposal's move to the stage. */
export function openWrites(
  request: ApprovalRequest,
  actions: ApprovalAction[],
  taskToken: string,
): TransactWriteItem[] {
  return [
    {
      Put: {
        TableName: tableName(),
        Item: toItem({ ...requestKey(request), entity: 'APPROVAL_REQUEST', ...request }),
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    },
    ...actions.map(actionPut),
    {
      Put: {
        TableName: tableName(),
        Item: toItem({
          ...tokenKey(request),
          entity: 'TASK_TOKEN',
          taskToken,
          ...ttlAfter(request.overdueAt),
        }),
      },
    },
  ];
}

export async function request(key: RequestKey): Promise<ApprovalRequest | null> {
  const out = await getItem(requestKey(key), { consistent: true });
  return out.Item ? strip<ApprovalRequest>(fromItem(out.Item)) : null;
}

export async function action(actionId: string): Promise<ApprovalAction | null> {
  const out = await getItem(keys.action(actionId), { consistent: true });
  return out.Item ? strip<ApprovalAction>(fromItem(out.Item)) : null;
}

export async function taskToken(key: RequestKey): Promise<string | null> {
  const out = await getItem(tokenKey(key), { consistent: true });
  return out.Item ? fromItem<{ taskToken: string }>(out.Item).taskToken : null;
}

/**
 * A re-entered wait (a timer passed, a retried invocation, a resumed local execution) has a new
 * task token; the links stay the same.
 */
export async function replaceToken(
  key: RequestKey & { overdueAt: string },
  taskToken: string,
): Promise<void> {
  await transact([
    {
      Put: {
        TableName: tableName(),
        Item: toItem({ ...tokenKey(key), entity: 'TASK_TOKEN', taskToken, ...ttlAfter(key.overdueAt) }),
      },
    },
  ]);
}

/**
 * Records a decision, once: the link is used up, the decision is written on the stage's request
 * (only if the stage has none and is still open), and the proposal must still wait at that stage
 * of that run. All in one transaction, so a decision the approver is told about exists, and a
 * link can never decide another stage or a closed one. The request is marked undelivered until
 * RecordDecision takes it (the sweep delivers marked decisions the workflow did not receive).
 */
export async function decide(link: ApprovalAction, decision: DecisionOutput): Promise<DecideRefusal | null> {
  const attemptCondition =
    link.attempt === 0
      ? '(attribute_not_exists(runAttempt) OR runAttempt = :attempt)'
      : 'runAttempt = :attempt';
  try {
    await transact([
      {
        Update: {
          TableName: tableName(),
          Key: toItem(keys.action(link.actionId)),
          UpdateExpression: 'SET #status = :decided, decision = :decision, note = :note, decidedAt = :at',
          ConditionExpression: '#status = :pending AND expiresAt > :at',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: toItem({
            ':decided': 'DECIDED',
            ':pending': 'PENDING',
            ':decision': decision.decision,
            ':note': decision.note,
            ':at': decision.at,
          }),
        },
      },
      {
        Update: {
          TableName: tableName(),
          Key: toItem(requestKey(link)),
          UpdateExpression: 'SET decision = :decision, GSI3PK = :list, GSI3SK = :since',
          ConditionExpression:
            'attribute_exists(PK) AND attribute_not_exists(decision) AND attribute_not_exists(closedAs)',
          ExpressionAttributeValues: toItem({
            ':decision': decision,
            ...prefixed(keys.work('DECISION#UNDELIVERED', decision.at, link.proposalId)),
          }),
        },
      },
      {
        ConditionCheck: {
          TableName: tableName(),
          Key: toItem(keys.proposal(link.proposalId)),
          ConditionExpression: `#status = :awaiting AND revision = :revision AND approvalStage = :stage AND ${attemptCondition}`,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: toItem({
            ':awaiting': 'AWAITING_APPROVAL',
            ':revision': link.revision,
            ':stage': link.stage,
            ':attempt': link.attempt,
          }),
        },
      },
    ]);
    return null;
  } catch (error) {
    if (!(error instanceof ConditionFailedError)) throw error;
    const [own, request, proposal] = error.failedItems;
    if (own) {
      const now = await action(link.actionId);
      return now?.status === 'PENDING' ? 'ACTION_EXPIRED' : 'ACTION_USED';
    }
    if (proposal) return 'NOT_AWAITING';
    return request ? 'STAGE_DECIDED' : 'NOT_AWAITING';
  }
}

/** RecordDecision took the decision in: it no longer needs delivering. Joined to its write. */
export function recordedWrite(request: RequestKey, actionId: string, at: string): TransactWriteItem {
  return {
    Update: {
      TableName: tableName(),
      Key: toItem(requestKey(request)),
      UpdateExpression: 'SET recordedAt = :at REMOVE GSI3PK, GSI3SK',
      ConditionExpression: 'decision.actionId = :actionId',
      ExpressionAttributeValues: toItem({ ':at': at, ':actionId': actionId }),
    },
  };
}

/** The reminder of a stage is sent once: joined to the write of its mails. */
export function remindedWrite(request: RequestKey, at: string): TransactWriteItem {
  return {
    Update: {
      TableName: tableName(),
      Key: toItem(requestKey(request)),
      UpdateExpression: 'SET remindedAt = :at',
      ConditionExpression:
        'attribute_not_exists(remindedAt) AND attribute_not_exists(decision) AND attribute_not_exists(closedAs)',
      ExpressionAttributeValues: toItem({ ':at': at }),
    },
  };
}

/** The escalation of a stage happens once: new links for the escalation addresses, joined to their mails. */
export function escalatedWrites(
  request: RequestKey,
  added: ApprovalAction[],
  at: string,
): TransactWriteItem[] {
  return [
    {
      Update: {
        TableName: tableName(),
        Key: toItem(requestKey(request)),
        UpdateExpression: 'SET escalatedAt = :at, actions = list_append(actions, :added)',
        ConditionExpression:
          'attribute_not_exists(escalatedAt) AND attribute_not_exists(decision) AND attribute_not_exists(closedAs)',
        ExpressionAttributeValues: toItem({
          ':at': at,
          ':added': added.map((a) => ({
            actionId: a.actionId,
            approverEmail: a.approverEmail,
            role: a.role,
          })),
        }),
      },
    },
    ...added.map(actionPut),
  ];
}

/** The stage stops waiting without a decision (overdue, withdrawn): no link of it decides any more. */
export function closedWrite(request: RequestKey, closedAs: string, at: string): TransactWriteItem {
  return {
    Update: {
      TableName: tableName(),
      Key: toItem(requestKey(request)),
      UpdateExpression: 'SET closedAs = :closedAs, closedAt = :at',
      ConditionExpression:
        'attribute_exists(PK) AND attribute_not_exists(decision) AND attribute_not_exists(closedAs)',
      ExpressionAttributeValues: toItem({ ':closedAs': closedAs, ':at': at }),
    },
  };
}

/** Decisions recorded before `olderThan` that RecordDecision has not taken in yet, oldest first. */
export async function undelivered(olderThan: string, limit: number): Promise<ApprovalRequest[]> {
  const items = await workListBefore('DECISION#UNDELIVERED', olderThan, limit);
  return items.map((item) => strip<ApprovalRequest>(fromItem(item)));
}

function prefixed(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k === 'GSI3PK' ? ':list' : ':since', v]));
}
