import { gunzipSync, gzipSync } from 'node:zlib';
import type { TransactWriteItem } from '@aws-sdk/client-dynamodb';
import type { Round } from '../../domain/round.js';
import { tableName } from './client.js';
import * as keys from './keys.js';
import { fromItem, toItem } from './marshalling.js';
import { getItem, queryAll } from './query.js';
import { putIfMissing as putItemIfMissing, transactIfAllowed } from './transaction.js';

export interface RoundAudit {
  at: string;
  actor: string;
  type: 'ROUND_CREATED' | 'ROUND_UPDATED' | 'ROUND_FINALISED';
  note: string;
}

/** A frozen programme: what the coordination meeting agreed, as it stood when finalised. */
export interface ProgrammeSnapshot {
  fiscalYear: number;
  version: number;
  at: string;
  by: string;
  programme: unknown;
}

const ROUND_FIELDS = [
  'fiscalYear',
  'state',
  'opensAt',
  'closesAt',
  'meetingAt',
  'reminderDaysBeforeClose',
  'version',
  'snapshotVersion',
] as const;

function roundOf(item: Record<string, unknown>): Round {
  const out: Record<string, unknown> = {};
  for (const f of ROUND_FIELDS) if (item[f] !== undefined) out[f] = item[f];
  return out as unknown as Round;
}

/** The round as it was and as it becomes, in the audit partition of the round. */
function auditPut(before: Round | null, after: Round, audit: RoundAudit): TransactWriteItem {
  const shown = (r: Round | null) =>
    r && {
      state: r.state,
      opensAt: r.opensAt,
      closesAt: r.closesAt,
      meetingAt: r.meetingAt,
      reminderDaysBeforeClose: r.reminderDaysBeforeClose,
    };
  return {
    Put: {
      TableName: tableName(),
      Item: toItem({
        ...keys.referenceEvent(`ROUND#${after.fiscalYear}`, audit.at, after.version),
        entity: 'EVENT',
        ...audit,
        before: shown(before),
        after: shown(after),
      }),
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  };
}

/** The round item written only if it is still the version that was read (or absent for a new one). */
function guardedRoundPut(before: Round | null, after: Round): TransactWriteItem {
  return {
    Put: {
      TableName: tableName(),
      Item: toItem({ ...keys.round(after.fiscalYear), entity: 'ROUND', ...after }),
      ConditionExpression: before ? 'version = :v' : 'attribute_not_exists(PK)',
      ...(before ? { ExpressionAttributeValues: toItem({ ':v': before.version }) } : {}),
    },
  };
}

/*
 * Planning rounds, their audit trail and their programme snapshots. Each operation is an exported
 * function and callers import the module as a namespace (`import * as roundRepository`), so a
 * bundle keeps only the operations its handler calls.
 */

export async function get(fiscalYear: number): Promise<Round | null> {
  const out = await getItem(keys.round(fiscalYear), { consistent: true });
  return out.Item ? roundOf(fromItem(out.Item)) : null;
}

/** Every round (a handful: one per year), for the sweep's reminders. */
export async function all(): Promise<Round[]> {
  const items = await queryAll({
    KeyConditionExpression: 'PK = :pk',
    ExpressionAttributeValues: toItem({ ':pk': keys.roundsPartition }),
  });
  return items.map((item) => roundOf(fromItem(item)));
}

/** Seeding: the round of a data file, unless the year has one already (an admin's edits stay). */
export const putIfMissing = (round: Round) =>
  putItemIfMissing(toItem({ ...keys.round(round.fiscalYear), entity: 'ROUND', ...round }));

/** Stores `after` if the round is still `before` (null: not there yet), with its audit event. */
export const save = (before: Round | null, after: Round, audit: RoundAudit): Promise<boolean> =>
  transactIfAllowed([guardedRoundPut(before, after), auditPut(before, after, audit)]);

/** FINAL with a new snapshot of the programme, in one guarded transaction with its audit event. */
export const finalise = (
  before: Round,
  after: Round,
  snapshot: ProgrammeSnapshot,
  audit: RoundAudit,
): Promise<boolean> =>
  transactIfAllowed([
    guardedRoundPut(before, after),
    {
      Put: {
        TableName: tableName(),
        // Gzipped JSON: a year's programme as a map would meet DynamoDB's 400 KB item limit at a
        // few hundred proposals; compressed it fits thousands. Node's own zlib: nothing to bundle.
        Item: toItem({
          ...keys.roundSnapshot(snapshot.fiscalYear, snapshot.version),
          entity: 'SNAPSHOT',
          fiscalYear: snapshot.fiscalYear,
          version: snapshot.version,
          at: snapshot.at,
          by: snapshot.by,
          programmeGzip: gzipSync(JSON.stringify(snapshot.programme)),
        }),
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    },
    auditPut(before, after, audit),
  ]);

export async function snapshot(fiscalYear: number, version: number): Promise<ProgrammeSnapshot | null> {
  const out = await getItem(keys.roundSnapshot(fiscalYear, version));
  if (!out.Item) return null;
  const { at, by, programmeGzip } = fromItem<{ at: string; by: string; programmeGzip: Uint8Array }>(out.Item);
  return { fiscalYear, version, at, by, programme: JSON.parse(gunzipSync(programmeGzip).toString('utf8')) };
}

/** The round's audit trail, oldest first. */
export async function history(
  fiscalYear: number,
): Promise<(RoundAudit & { before: unknown; after: unknown })[]> {
  const items = await queryAll({
    KeyConditionExpression: 'PK = :pk',
    ExpressionAttributeValues: toItem({ ':pk': `AUDIT#ROUND#${fiscalYear}` }),
  });
  return items.map((item) => {
    const { at, actor, type, note, before, after } = fromItem<
      RoundAudit & { before: unknown; after: unknown }
    >(item);
    return { at, actor, type, note, before, after };
  });
}
