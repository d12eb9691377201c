import { PutItemCommand, QueryCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import type { District, ProvinceReference } from '../../domain/district.js';
import { dynamoDb, tableName } from './client.js';
import { rethrowTransient } from './errors.js';
import { keys } from './keys.js';
import { fromItem, toItem } from './marshalling.js';
import { getItem } from './query.js';

const isConditionFailure = (error: unknown): boolean =>
  error instanceof Error &&
  (error.name === 'ConditionalCheckFailedException' || error.name === 'TransactionCanceledException');

async function putIfMissing(item: Record<string, unknown>): Promise<boolean> {
  try {
    await dynamoDb().send(
      new PutItemCommand({
        TableName: tableName(),
        Item: toItem(item),
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    rethrowTransient(error);
  }
}

/** Districts, the province's reference lists and the yearly rule sets: data the office edits. */
export const referenceRepository = {
  putDistrictIfMissing: (d: District) => putIfMissing({ ...keys.district(d.code), entity: 'DISTRICT', ...d }),

  putProvinceIfMissing: (p: ProvinceReference) =>
    putIfMissing({ ...keys.province(), entity: 'PROVINCE', ...p }),

  async districts(): Promise<District[]> {
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
      const { code, bpsCode, kind, name, population, areaKm2, leadingCommodities } = fromItem<District>(item);
      return { code, bpsCode, kind, name, population, areaKm2, leadingCommodities };
    });
  },

  async province(): Promise<ProvinceReference | null> {
    const out = await getItem(keys.province());
    if (!out.Item) return null;
    const { kiidCommodities, leadingIndustries } = fromItem<ProvinceReference>(out.Item);
    return { kiidCommodities, leadingIndustries };
  },

  /** The latest rule set of a year as stored (validated by the caller), with its version. */
  async latestRuleSet(fiscalYear: number): Promise<{ version: number; document: unknown } | null> {
    const out = await getItem(keys.ruleSetLatest(fiscalYear), { consistent: true });
    if (!out.Item) return null;
    const { version, document } = fromItem<{ version: number; document: unknown }>(out.Item);
    return { version, document };
  },

  async ruleSetVersion(
    fiscalYear: number,
    version: number,
  ): Promise<{ version: number; document: unknown; by: string; at: string } | null> {
    const out = await getItem(keys.ruleSetVersion(fiscalYear, version));
    if (!out.Item) return null;
    const { document, by, at } = fromItem<{ document: unknown; by: string; at: string }>(out.Item);
    return { version, document, by, at };
  },

  /**
   * Replaces a district's reference record if it is still the version the editor read, with an
   * audit event in the same transaction.
   */
  async updateDistrict(
    before: District & { version?: number },
    after: District,
    audit: { at: string; actor: string; note: string },
  ): Promise<boolean> {
    const version = (before.version ?? 0) + 1;
    try {
      await dynamoDb().send(
        new TransactWriteItemsCommand({
          TransactItems: [
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
                  before: { name: before.name, leadingCommodities: before.leadingCommodities },
                  after: { name: after.name, leadingCommodities: after.leadingCommodities },
                }),
              },
            },
          ],
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      rethrowTransient(error);
    }
  },

  async district(code: string): Promise<(District & { version?: number }) | null> {
    const out = await getItem(keys.district(code), { consistent: true });
    if (!out.Item) return null;
    const {
      PK: _pk,
      SK: _sk,
      entity: _e,
      ...d
    } = fromItem<District & { version?: number; PK: string; SK: string; entity: string }>(out.Item);
    return d;
  },

  /**
   * Stores a rule set as version N+1 of its year and moves LATEST to it, in one transaction that
   * fails if someone else stored a version in between. Old versions stay for the proposals they
   * checked.
   */
  async putRuleSetVersion(
    fiscalYear: number,
    version: number,
    document: unknown,
    by: string,
    at: string,
  ): Promise<boolean> {
    const latest = keys.ruleSetLatest(fiscalYear);
    try {
      await dynamoDb().send(
        new TransactWriteItemsCommand({
          TransactItems: [
            {
              Put: {
                TableName: tableName(),
                Item: toItem({
                  ...keys.ruleSetVersion(fiscalYear, version),
                  entity: 'RULE_SET',
                  fiscalYear,
                  version,
                  document,
                  by,
                  at,
                }),
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
            {
              Put: {
                TableName: tableName(),
                Item: toItem({ ...latest, entity: 'RULE_SET_LATEST', fiscalYear, version, document, by, at }),
                ConditionExpression: version === 1 ? 'attribute_not_exists(PK)' : 'version = :previous',
                ...(version === 1 ? {} : { ExpressionAttributeValues: toItem({ ':previous': version - 1 }) }),
              },
            },
          ],
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      rethrowTransient(error);
    }
  },
};
