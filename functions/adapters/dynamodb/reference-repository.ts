import { QueryCommand } from '@aws-sdk/client-dynamodb';
import type { District, ProvinceReference } from '../../domain/district.js';
import { dynamoDb, tableName } from './client.js';
import { ConditionFailedError, rethrowTransient } from './errors.js';
import * as keys from './keys.js';
import { fromItem, type Item, toItem } from './marshalling.js';
import { getItem } from './query.js';
import { putIfMissing, transact } from './transaction.js';
import { versionedDocuments } from './versioned-documents.js';

// Pure: a bundle that calls none of the rule-set functions below drops it.
const ruleSets = /* @__PURE__ */ versionedDocuments('RULE_SET');

/*
 * Districts, the province's reference lists and the yearly rule sets: data the office edits.
 * Each operation is an exported function and callers import the module as a namespace (`import
 * * as referenceRepository`), so a bundle keeps only the operations its handler calls.
 */

export const putDistrictIfMissing = (d: District) =>
  putIfMissing(toItem({ ...keys.district(d.code), entity: 'DISTRICT', ...d }));

export const putProvinceIfMissing = (p: ProvinceReference) =>
  putIfMissing(toItem({ ...keys.province(), entity: 'PROVINCE', ...p }));

export async function districts(): Promise<District[]> {
  const out = await dynamoDb()
    .send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: toItem({ ':pk': keys.districtsPartition, ':prefix': 'DISTRICT#' }),
      }),
    )
    .catch(rethrowTransient);
  return (out.Items ?? []).map((item) => {
    const { code, bpsCode, kind, name, population, areaKm2, leadingCommodities, contactEmails } =
      fromItem<District>(item);
    return {
      code,
      bpsCode,
      kind,
      name,
      population,
      areaKm2,
      leadingCommodities,
      contactEmails: contactEmails ?? [],
    };
  });
}

export async function province(): Promise<ProvinceReference | null> {
  const out = await getItem(keys.province());
  if (!out.Item) return null;
  const { kiidCommodities, leadingIndustries } = fromItem<ProvinceReference>(out.Item);
  return { kiidCommodities, leadingIndustries };
}

/** The latest rule set of a year as stored (validated by the caller), with its version. */
export const latestRuleSet = (fiscalYear: number) => ruleSets.latest(fiscalYear);
/** For a step reading the LATEST item together with others: its key, and its document once read. */
export const ruleSetLatestKey = (fiscalYear: number) => ruleSets.latestKey(fiscalYear);
export const ruleSetFromLatest = (item: Item | undefined) => ruleSets.fromLatest(item);

export const ruleSetVersion = (fiscalYear: number, version: number) => ruleSets.version(fiscalYear, version);

/**
 * Replaces a district's reference record if it is still the version the editor read, with an
 * audit event in the same transaction.
 */
export async function updateDistrict(
  before: District & { version?: number },
  after: District,
  audit: { at: string; actor: string; note: string },
): Promise<boolean> {
  const version = (before.version ?? 0) + 1;
  try {
    await transact([
      {
        Put: {
          TableName: tableName(),
          Item: toItem({ ...keys.district(after.code), entity: 'DISTRICT', ...after, version }),
          ConditionExpression:
            before.version === undefined ? 'attribute_not_exists(version)' : 'version = :v',
          ...(before.version === undefined
            ? {}
            : { ExpressionAttributeValues: toItem({ ':v': before.version }) }),
        },
      },
      {
        Put: {
          TableName: tableName(),
          Item: toItem({
            ...keys.referenceEvent(`DISTRICT#${after.code}`, audit.at, version),
            entity: 'EVENT',
            type: 'DISTRICT_UPDATED',
            ...audit,
            before: {
              name: before.name,
              leadingCommodities: before.leadingCommodities,
              contactEmails: before.contactEmails ?? [],
            },
            after: {
              name: after.name,
              leadingCommodities: after.leadingCommodities,
              contactEmails: after.contactEmails ?? [],
            },
          }),
        },
      },
    ]);
    return true;
  } catch (error) {
    if (error instanceof ConditionFailedError) return false;
    throw error;
  }
}

export async function district(code: string): Promise<(District & { version?: number }) | null> {
  const out = await getItem(keys.district(code), { consistent: true });
  if (!out.Item) return null;
  const {
    PK: _pk,
    SK: _sk,
    entity: _e,
    ...d
  } = fromItem<District & { version?: number; PK: string; SK: string; entity: string }>(out.Item);
  return d;
}

/** Stores a rule set as the next version of its year; false when another was stored first. */
export const putRuleSetVersion = (
  fiscalYear: number,
  version: number,
  document: unknown,
  by: string,
  at: string,
) => ruleSets.putNext(fiscalYear, { version, document, by, at });
