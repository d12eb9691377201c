import type { TransactWriteItem } from '@aws-sdk/client-dynamodb';
import type { AuditEvent, ProposalInput } from '../../domain/proposal.js';
import { assertTransition } from '../../domain/transitions.js';
import { tableName } from './client.js';
import * as keys from './keys.js';
import { toItem } from './marshalling.js';
import type { StoredProposal } from './proposal-repository.js';
import { transact } from './transaction.js';

/*
 * Every write of a proposal is guarded: a create must not overwrite, and a change names the
 * status and version it read, so two writers can never both win. Each write carries its audit
 * event in the same transaction. Callers import the module as a namespace (`import * as
 * proposalWrites`); a handler that only reads a proposal (proposal-repository.ts) carries none of
 * this.
 */

type NewEvent = Omit<AuditEvent, 'from' | 'to'>;

function metaItem(p: StoredProposal) {
  // Listed in its stage's queue (GSI3) exactly while it waits there: the key disappears with the status.
  const queue =
    p.status === 'AWAITING_APPROVAL' && p.approvalStage && p.stageRequestedAt
      ? keys.awaitingStage(p.approvalStage, p.stageRequestedAt, p.id)
      : {};
  return toItem({
    ...keys.proposal(p.id),
    ...keys.proposalByDistrict(p.districtCode, p.fiscalYear, p.status, p.createdAt, p.id),
    ...keys.proposalByYearStatus(p.fiscalYear, p.status, p.createdAt, p.id),
    ...queue,
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

/** What a district submitted in one revision, kept beside the proposal for its history. */
function revisionItem(p: StoredProposal, createdAt: string) {
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
    createdAt,
  };
  return toItem({ ...keys.revision(p.id, p.revision), entity: 'REVISION', ...revision });
}

/** A new proposal: its record, its first revision and its first audit event; `extra` joins them. */
export async function create(
  p: StoredProposal,
  event: NewEvent,
  extra: TransactWriteItem[] = [],
): Promise<void> {
  await transact([
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
        Item: revisionItem(p, p.createdAt),
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    },
    eventPut(p, { ...event, from: null, to: p.status }),
    ...extra,
  ]);
}

/**
 * Writes `after` over `before` if nobody changed it in between (same status and version), with
 * the audit event. Extra writes (pool updates, actions) join the same transaction, so the
 * proposal, its trail and its side records change together or not at all.
 */
export async function update(
  before: StoredProposal,
  changes: Partial<StoredProposal>,
  event: NewEvent,
  extra: TransactWriteItem[] = [],
): Promise<StoredProposal> {
  const after: StoredProposal = { ...before, ...changes, version: before.version + 1, updatedAt: event.at };
  if (after.status !== before.status) assertTransition(before.status, after.status);
  await transact([
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
  ]);
  return after;
}

/**
 * Replaces a RETURNED revision by the next one, as one guarded write: the proposal record moves
 * to `next` (its transition checked), the closed revision's REV# item keeps what happened to it
 * (policy check, decisions, final status), the new revision's REV# item is created, and the
 * audit event is appended. Extra writes (the run marker, an idempotency record) join the same
 * transaction.
 */
export async function revise(
  before: StoredProposal,
  next: StoredProposal,
  event: NewEvent,
  extra: TransactWriteItem[] = [],
): Promise<StoredProposal> {
  const closed = keys.revision(before.id, before.revision);
  return update(before, next, event, [
    {
      Update: {
        TableName: tableName(),
        Key: toItem(closed),
        UpdateExpression: 'SET outcome = :outcome',
        ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(outcome)',
        ExpressionAttributeValues: toItem({
          ':outcome': {
            status: before.status,
            policyCheck: before.policyCheck,
            approvals: before.approvals,
            closedAt: event.at,
          },
        }),
      },
    },
    {
      Put: {
        TableName: tableName(),
        Item: revisionItem(next, event.at),
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    },
    ...extra,
  ]);
}
