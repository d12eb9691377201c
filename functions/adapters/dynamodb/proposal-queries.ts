import { type AttributeValue, QueryCommand, type QueryCommandInput } from '@aws-sdk/client-dynamodb';
import * as z from 'zod/mini';
import { PROPOSAL_ID_CHARS } from '../../domain/fields.js';
import { mergeRuns } from '../../domain/merge-runs.js';
import { decodeCursor, encodeCursor } from '../../domain/page-cursor.js';
import { type AuditEvent, PROPOSAL_STATUSES, type ProposalStatus } from '../../domain/proposal.js';
import { LIVE_STATUSES } from '../../domain/transitions.js';
import { dynamoDb, tableName } from './client.js';
import { rethrowTransient } from './errors.js';
import * as keys from './keys.js';
import { fromItem, toItem } from './marshalling.js';
import { mailEvent, type StoredMail } from './outbox-repository.js';
import { type StoredProposal, storedProposalOf } from './proposal-repository.js';
import { queryAll } from './query.js';

/*
 * The reads of many proposals (or of one proposal's trail), apart from the guarded writes of
 * proposal-repository.ts: each is a function of its own, so a bundle keeps only the ones its
 * handler calls.
 */

export async function proposalHistory(id: string): Promise<AuditEvent[]> {
  const events: AuditEvent[] = [];
  const items = await queryAll({
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
    ExpressionAttributeValues: toItem({ ':pk': keys.proposal(id).PK, ':prefix': keys.eventPrefix }),
  });
  for (const item of items) {
    const record = fromItem<AuditEvent & { entity: string }>(item);
    if (record.entity === 'MAIL') {
      events.push(mailEvent(fromItem<StoredMail>(item)));
      continue;
    }
    const { at, actor, type, from, to, note } = record;
    events.push({ at, actor, type, from, to, note });
  }
  return events;
}

/** The proposals waiting at an approval stage (GSI3, sparse), oldest request first. */
export async function proposalsAwaitingAtStage(stage: string): Promise<StoredProposal[]> {
  const items = await queryAll({
    IndexName: 'GSI3',
    KeyConditionExpression: 'GSI3PK = :pk',
    ExpressionAttributeValues: toItem({ ':pk': keys.awaitingStagePartition(stage) }),
  });
  // The index lags the table a moment: keep only what still waits there.
  return items
    .map((item) => storedProposalOf(fromItem(item)))
    .filter((p) => p.status === 'AWAITING_APPROVAL' && p.approvalStage === stage);
}

/**
 * Every proposal of a fiscal year (the round's programme): each status's GSI2 partition read
 * whole, in parallel. No Scan; a year holds a few hundred proposals.
 */
export async function proposalsOfYear(fiscalYear: number): Promise<StoredProposal[]> {
  const parts = await Promise.all(
    PROPOSAL_STATUSES.map((status) =>
      queryAll({
        IndexName: 'GSI2',
        KeyConditionExpression: 'GSI2PK = :pk',
        ExpressionAttributeValues: toItem({ ':pk': keys.yearStatusPartition(fiscalYear, status) }),
      }),
    ),
  );
  // The index lags the table a moment: one proposal may show under two statuses; keep its latest.
  const latest = new Map<string, StoredProposal>();
  for (const item of parts.flat()) {
    const p = storedProposalOf(fromItem(item));
    const seen = latest.get(p.id);
    if (!seen || seen.version < p.version) latest.set(p.id, p);
  }
  return [...latest.values()];
}

/** Live proposals of a district in a fiscal year (for ceilings and near-duplicates). */
export async function liveProposalsOfDistrict(
  districtCode: string,
  fiscalYear: number,
): Promise<StoredProposal[]> {
  const found: StoredProposal[] = [];
  const items = await queryAll({
    IndexName: 'GSI1',
    KeyConditionExpression: 'GSI1PK = :pk',
    ExpressionAttributeValues: toItem({
      ':pk': keys.districtYearPartition(districtCode, fiscalYear),
    }),
  });
  for (const item of items) {
    const p = storedProposalOf(fromItem(item));
    if (LIVE_STATUSES.includes(p.status)) found.push(p);
  }
  return found;
}

/**
 * A page of a district's proposals in a fiscal year (GSI1), ordered by status then submission
 * time; with a status, that status only.
 */
export async function proposalPageOfDistrict(
  districtCode: string,
  fiscalYear: number,
  page: ListPageRequest & { status?: ProposalStatus | undefined },
): Promise<ProposalPage> {
  const partition = keys.districtYearPartition(districtCode, fiscalYear);
  const statuses = page.status ? [page.status] : PROPOSAL_STATUSES;
  const cursorSchema = z
    .strictObject({
      PK: z.string().check(z.regex(PROPOSAL_PK)),
      SK: z.literal(keys.proposal('').SK),
      GSI1PK: z.literal(partition),
      GSI1SK: z.string().check(z.regex(new RegExp(`^(${statuses.join('|')})#${CREATED_AT_ID}$`))),
    })
    .check(z.refine((k) => k.GSI1SK.endsWith(`#${k.PK.slice(PROPOSAL_PK_PREFIX.length)}`)));
  const values: Record<string, string> = { ':pk': partition };
  if (page.status) values[':status'] = `${page.status}#`;
  return queryPage(
    {
      IndexName: 'GSI1',
      KeyConditionExpression: page.status ? 'GSI1PK = :pk AND begins_with(GSI1SK, :status)' : 'GSI1PK = :pk',
      ExpressionAttributeValues: toItem(values),
    },
    ['PK', 'SK', 'GSI1PK', 'GSI1SK'],
    page,
    cursorSchema,
  );
}

/** A page of one status's proposals in a fiscal year (GSI2, the approvers' queue), oldest first. */
export async function proposalPageOfYearStatus(
  fiscalYear: number,
  status: ProposalStatus,
  page: ListPageRequest,
): Promise<ProposalPage> {
  const partition = keys.yearStatusPartition(fiscalYear, status);
  const cursorSchema = z
    .strictObject({
      PK: z.string().check(z.regex(PROPOSAL_PK)),
      SK: z.literal(keys.proposal('').SK),
      GSI2PK: z.literal(partition),
      GSI2SK: z.string().check(z.regex(new RegExp(`^${CREATED_AT_ID}$`))),
    })
    .check(z.refine((k) => k.GSI2SK.endsWith(`#${k.PK.slice(PROPOSAL_PK_PREFIX.length)}`)));
  return queryPage(
    {
      IndexName: 'GSI2',
      KeyConditionExpression: 'GSI2PK = :pk',
      ExpressionAttributeValues: toItem({ ':pk': partition }),
    },
    ['PK', 'SK', 'GSI2PK', 'GSI2SK'],
    page,
    cursorSchema,
  );
}

/**
 * A page of every proposal of a fiscal year, oldest first. There is no year-wide index key: each
 * status has its GSI2 partition, so the page reads all of them after the cursor, in parallel, and
 * merges them in GSI2 sort-key order (submission time, then id). The cursor is the last key
 * returned, so a proposal that changes status between pages is neither repeated nor skipped.
 */
export async function proposalPageOfYear(fiscalYear: number, page: ListPageRequest): Promise<ProposalPage> {
  const after = page.cursor
    ? decodeCursor(
        page.cursor,
        z.strictObject({ GSI2SK: z.string().check(z.regex(new RegExp(`^${CREATED_AT_ID}$`))) }),
      ).GSI2SK
    : undefined;
  const runs = await Promise.all(
    PROPOSAL_STATUSES.map(async (status) => {
      const values: Record<string, string> = { ':pk': keys.yearStatusPartition(fiscalYear, status) };
      if (after) values[':after'] = after;
      const out = await dynamoDb()
        .send(
          new QueryCommand({
            TableName: tableName(),
            IndexName: 'GSI2',
            KeyConditionExpression: after ? 'GSI2PK = :pk AND GSI2SK > :after' : 'GSI2PK = :pk',
            ExpressionAttributeValues: toItem(values),
            // One more than a page: a partition that fills it says for sure there is more.
            Limit: page.limit + 1,
          }),
        )
        .catch(rethrowTransient);
      return {
        items: (out.Items ?? []).map((item) => storedProposalOf(fromItem(item))),
        truncated: out.LastEvaluatedKey !== undefined,
      };
    }),
  );
  const merged = mergeRuns(runs, { sortKey: yearSortKey, version: (p) => p.version }, page.limit);
  const last = merged.items.at(-1);
  return {
    items: merged.items,
    nextCursor: merged.more && last ? encodeCursor({ GSI2SK: yearSortKey(last) }) : null,
  };
}

export interface ListPageRequest {
  limit: number;
  /** Opaque, as returned in `nextCursor` by the same listing. */
  cursor?: string | undefined;
}

export interface ProposalPage {
  items: StoredProposal[];
  nextCursor: string | null;
}

const PROPOSAL_PK_PREFIX = keys.proposal('').PK;
const ULID = PROPOSAL_ID_CHARS;
const PROPOSAL_PK = new RegExp(`^${PROPOSAL_PK_PREFIX}${ULID}$`);
/** `createdAt#id`, the time part of the listing sort keys (keys.ts). */
const CREATED_AT_ID = `\\d{4}-\\d{2}-\\d{2}T[0-9:.]{8,12}Z#${ULID}`;

const yearSortKey = (p: StoredProposal): string =>
  keys.proposalByYearStatus(p.fiscalYear, p.status, p.createdAt, p.id).GSI2SK;

/**
 * One Query of one index partition, resumed at a cursor that must name a key of that partition.
 * It reads one item more than the page, so `nextCursor` is null exactly when nothing follows
 * (DynamoDB's own LastEvaluatedKey also appears when the page merely ends at the last item).
 */
async function queryPage(
  query: Pick<QueryCommandInput, 'IndexName' | 'KeyConditionExpression' | 'ExpressionAttributeValues'>,
  keyNames: readonly string[],
  page: ListPageRequest,
  cursorSchema: z.core.$ZodType<Record<string, string>>,
): Promise<ProposalPage> {
  const startKey: Record<string, AttributeValue> | undefined = page.cursor
    ? toItem(decodeCursor(page.cursor, cursorSchema))
    : undefined;
  const out = await dynamoDb()
    .send(
      new QueryCommand({
        TableName: tableName(),
        ...query,
        Limit: page.limit + 1,
        ExclusiveStartKey: startKey,
      }),
    )
    .catch(rethrowTransient);
  const raw = out.Items ?? [];
  const shown = raw.slice(0, page.limit);
  const last = shown.at(-1);
  let next: Record<string, AttributeValue> | undefined;
  if (raw.length > page.limit && last) {
    next = {};
    for (const name of keyNames) {
      const value = last[name];
      if (value) next[name] = value;
    }
  } else if (out.LastEvaluatedKey && raw.length === shown.length) next = out.LastEvaluatedKey;
  return {
    items: shown.map((item) => storedProposalOf(fromItem(item))),
    nextCursor: next ? encodeCursor(fromItem<Record<string, string>>(next)) : null,
  };
}
