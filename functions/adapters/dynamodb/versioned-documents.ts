import { tableName } from './client.js';
import * as keys from './keys.js';
import { fromItem, type Item, toItem } from './marshalling.js';
import { getItem } from './query.js';
import { transactIfAllowed } from './transaction.js';

/** Data the office versions per fiscal year: the policy rule sets and the approval chains. */
export type VersionedKind = 'RULE_SET' | 'APPROVAL_CHAIN';

const KEYS = {
  RULE_SET: { latest: keys.ruleSetLatest, version: keys.ruleSetVersion },
  APPROVAL_CHAIN: { latest: keys.chainLatest, version: keys.chainVersion },
} as const;

export interface StoredDocument {
  version: number;
  document: unknown;
  by: string;
  at: string;
}

function storedFrom(item: Item | undefined): StoredDocument | null {
  if (!item) return null;
  const { version, document, by, at } = fromItem<StoredDocument>(item);
  return { version, document, by, at };
}

/** The list every document of a kind holds: the rules of a rule set, the stages of a chain. */
const LIST_OF: Record<VersionedKind, string> = { RULE_SET: 'rules', APPROVAL_CHAIN: 'stages' };

/**
 * A stored version as the type its schema gives it, without parsing it again: every version is
 * validated completely before it is stored (PUT /policies and PUT /approval-chains, and the seed,
 * the only writers, each through the kind's one schema: rule-set.ts, approval-chain-schema.ts),
 * and a stored version never changes. This keeps the schemas, and the validation library behind
 * them, out of the workflow steps that follow the documents. What is checked here is that the item
 * holds a document of the year and version its key names, with its list, so a damaged or
 * misplaced item stops the reader instead of being half-followed.
 */
export function validatedWhenStored<T>(kind: VersionedKind, fiscalYear: number, stored: StoredDocument): T {
  const document = stored.document as Record<string, unknown> | null;
  if (
    typeof document !== 'object' ||
    document === null ||
    document.fiscalYear !== fiscalYear ||
    document.version !== stored.version ||
    !Array.isArray(document[LIST_OF[kind]])
  )
    throw new Error(
      `stored ${kind} ${fiscalYear} v${stored.version} is not a document of that year and version`,
    );
  return document as T;
}

/**
 * Version N+1 is stored beside the older ones (which stay, for the proposals they governed) and
 * LATEST moves to it, in one transaction that fails when someone stored a version in between.
 */
export function versionedDocuments(kind: VersionedKind) {
  const k = KEYS[kind];
  return {
    /** The key of the year's LATEST item, for a step that reads it together with other items. */
    latestKey: (fiscalYear: number) => k.latest(fiscalYear),

    /** The document of a LATEST item read elsewhere (`latestKey`), or null when there is none. */
    fromLatest: storedFrom,

    async latest(fiscalYear: number): Promise<StoredDocument | null> {
      const out = await getItem(k.latest(fiscalYear), { consistent: true });
      return storedFrom(out.Item);
    },

    async version(fiscalYear: number, version: number): Promise<StoredDocument | null> {
      const out = await getItem(k.version(fiscalYear, version));
      if (!out.Item) return null;
      const { document, by, at } = fromItem<StoredDocument>(out.Item);
      return { version, document, by, at };
    },

    /** false when another version was stored first. */
    async putNext(fiscalYear: number, stored: StoredDocument): Promise<boolean> {
      const { version } = stored;
      return transactIfAllowed([
        {
          Put: {
            TableName: tableName(),
            Item: toItem({ ...k.version(fiscalYear, version), entity: kind, fiscalYear, ...stored }),
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
        {
          Put: {
            TableName: tableName(),
            Item: toItem({ ...k.latest(fiscalYear), entity: `${kind}_LATEST`, fiscalYear, ...stored }),
            ConditionExpression: version === 1 ? 'attribute_not_exists(PK)' : 'version = :previous',
            ...(version === 1 ? {} : { ExpressionAttributeValues: toItem({ ':previous': version - 1 }) }),
          },
        },
      ]);
    },
  };
}
