/** One record of the table's stream as Lambda delivers it to a consumer (only what the consumers read). */
export interface TableStreamRecord {
  eventName?: string;
  dynamodb?: { NewImage?: Record<string, unknown> };
}
