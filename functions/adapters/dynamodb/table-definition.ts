/**
 * The one table of the system, described once. The CDK stack (infra/) and the local stack
 * (infra/local/) both build their table from this object, so key names and indexes cannot drift.
 * Key patterns per entity: ./keys.ts.
 */
export const TABLE_DEFINITION = {
  /** Logical name; the physical name comes from the TABLE_NAME environment variable. */
  logicalName: 'IkmTable',
  partitionKey: 'PK',
  sortKey: 'SK',
  /** Epoch seconds; DynamoDB deletes the item some time after (actions, idempotency records). */
  timeToLiveAttribute: 'ttl',
  /**
   * The table's change stream: new images, which the mail sender (functions/mail/send-mail.ts)
   * receives for the outbox's pending mails.
   */
  streamViewType: 'NEW_IMAGE',
  globalSecondaryIndexes: [
    /** District-and-year listings, and allocations of a year (overloaded). */
    { indexName: 'GSI1', partitionKey: 'GSI1PK', sortKey: 'GSI1SK' },
    /** Fiscal year by status: the approvers' queue. */
    { indexName: 'GSI2', partitionKey: 'GSI2PK', sortKey: 'GSI2SK' },
    /** Sparse work lists: proposals waiting at a stage, runs to start, mails to send, decisions to deliver. */
    { indexName: 'GSI3', partitionKey: 'GSI3PK', sortKey: 'GSI3SK' },
  ],
} as const;

export type GsiName = (typeof TABLE_DEFINITION.globalSecondaryIndexes)[number]['indexName'];
