import {
  GetItemCommand,
  QueryCommand,
  type TransactWriteItem,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { DomainError } from '../../domain/errors.js';
import type { AuditEvent, Proposal, ProposalInput } from '../../domain/proposal.js';
import { assertTransition, LIVE_STATUSES } from '../../domain/transitions.js';
import { dynamoDb, tableName } from './client.js';
import { conditionFailures, rethrowTransient } from './errors.js';
import { keys } from './keys.js';
import { fromItem, toItem } from './marshalling.js';

/** Fields that live on the stored item but are not part of the API's proposal. */
export interface StoredProposal extends Proposal {
  executionArn?: string | undefined;
}

type NewEvent = Omit<AuditEvent, 'from' | 'to'>;

const KEY_ATTRIBUTES = ['PK', 'SK', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK'] as const;

function metaItem(p: StoredProposal) {
  return toItem({
    ...keys.proposal(p.id),
    ...keys.proposalByDistrict(p.districtCode, p.fiscalYear, p.status, p.createdAt, p.id),
    ...keys.proposalByYearStatus(p.fiscalYear, p.status, p.createdAt, p.id),
    entity: 'PROPOSAL',
    ...p,
  });
}

function eventPut(p: StoredProposal, event: AuditEvent): TransactWriteItem {
  return {
    Put: {
      TableName: tableName(),
      Item: toItem({ ...keys.event(p.id, event.at, p.version), entity: 'EVENT', proposalId: p.id, ...event }),
    },
  };
}

function stripKeys(item: Record<string, unknown>): StoredProposal {
  for (const k of KEY_ATTRIBUTES) delete item[k];
  delete item.entity;
  return item as unknown as StoredProposal;
}

/**
 * Every write of a proposal is guarded: a create must not overwrite, and a change names the
 * status and version it read, so two writers can never both win. Each write carries its audit
 * event in the same transaction.
 */
export const proposalRepository = {
  async create(p: StoredProposal, event: NewEvent, extra: TransactWriteItem[] = []): Promise<void> {
    const revision: ProposalInput & { revision: number; submittedBy: string; createdAt: string } = {
      fiscalYear: p.fiscalYear,
      districtCode: p.districtCode,
      title: p.title,
      programKind: p.programKind,
      commodity: p.commodity,
      description: p.description,
      targets: p.targets,
      funding: p.funding,
      revision: p.revision,
      submittedBy: p.submittedBy,
      createdAt: p.createdAt,
    };
    try {
      await dynamoDb().send(
        new TransactWriteItemsCommand({
          TransactItems: [
            {
              Put: {
                TableName: tableName(),
                Item: metaItem(p),
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
            {
              Put: {
                TableName: tableName(),
                Item: toItem({ ...keys.revision(p.id, p.revision), entity: 'REVISION', ...revision }),
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
            eventPut(p, { ...event, from: null, to: p.status }),
            ...extra,
          ],
        }),
      );
    } catch (error) {
      const failed = conditionFailures(error);
      if (failed) throw new ConditionFailedError(failed);
      rethrowTransient(error);
    }
  },

  async get(id: string): Promise<StoredProposal | null> {
    const out = await dynamoDb()
      .send(
        new GetItemCommand({ TableName: tableName(), Key: toItem(keys.proposal(id)), ConsistentRead: true }),
      )
      .catch(rethrowTransient);
    return out.Item ? stripKeys(fromItem(out.Item)) : null;
  },

  /**
   * Writes `after` over `before` if nobody changed it in between (same status and version), with
   * the audit event. Extra writes (pool updates, actions) join the same transaction, so the
   * proposal, its trail and its side records change together or not at all.
   */
  async update(
    before: StoredProposal,
    changes: Partial<StoredProposal>,
    event: NewEvent,
    extra: TransactWriteItem[] = [],
  ): Promise<StoredProposal> {
    const after: StoredProposal = { ...before, ...changes, version: before.version + 1, updatedAt: event.at };
    if (after.status !== before.status) assertTransition(before.status, after.status);
    try {
      await dynamoDb().send(
        new TransactWriteItemsCommand({
          TransactItems: [
            {
              Put: {
                TableName: tableName(),
                Item: metaItem(after),
                ConditionExpression: '#status = :from AND #version = :version',
                ExpressionAttributeNames: { '#status': 'status', '#version': 'version' },
                ExpressionAttributeValues: toItem({ ':from': before.status, ':version': before.version }),
              },
            },
            eventPut(after, { ...event, from: before.status, to: after.status }),
            ...extra,
          ],
        }),
      );
    } catch (error) {
      const failed = conditionFailures(error);
      if (failed) throw new ConditionFailedError(failed);
      rethrowTransient(error);
    }
    return after;
  },

  async history(id: string): Promise<AuditEvent[]> {
    const events: AuditEvent[] = [];
    let startKey: Record<string, import('@aws-sdk/client-dynamodb').AttributeValue> | undefined;
    do {
      const out = await dynamoDb()
        .send(
          new QueryCommand({
            TableName: tableName(),
            KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
            ExpressionAttributeValues: toItem({ ':pk': keys.proposal(id).PK, ':prefix': keys.eventPrefix }),
            ExclusiveStartKey: startKey,
          }),
        )
        .catch(rethrowTransient);
      for (const item of out.Items ?? []) {
        const { at, actor, type, from, to, note } = fromItem<AuditEvent>(item);
        events.push({ at, actor, type, from, to, note });
      }
      startKey = out.LastEvaluatedKey;
    } while (startKey);
    return events;
  },

  /** Live proposals of a district in a fiscal year (for ceilings and near-duplicates). */
  async liveOfDistrict(districtCode: string, fiscalYear: number): Promise<StoredProposal[]> {
    const found: StoredProposal[] = [];
    let startKey: Record<string, import('@aws-sdk/client-dynamodb').AttributeValue> | undefined;
    do {
      const out = await dynamoDb()
        .send(
          new QueryCommand({
            TableName: tableName(),
            IndexName: 'GSI1',
            KeyConditionExpression: 'GSI1PK = :pk',
            ExpressionAttributeValues: toItem({
              ':pk': keys.districtYearPartition(districtCode, fiscalYear),
            }),
            ExclusiveStartKey: startKey,
          }),
        )
        .catch(rethrowTransient);
      for (const item of out.Items ?? []) {
        const p = stripKeys(fromItem(item));
        if (LIVE_STATUSES.includes(p.status)) found.push(p);
      }
      startKey = out.LastEvaluatedKey;
    } while (startKey);
    return found;
  },
};

/** A guarded write lost: someone changed the record first, or a condition on a side record failed. */
export class ConditionFailedError extends DomainError {
  constructor(readonly failedItems: boolean[]) {
    super('CONFLICT', 'Data telah diubah oleh proses lain; muat ulang lalu coba lagi', 409);
  }
}
