/**
 * The DynamoDB writes one proposal's happy path makes (submit → policy check → approval email →
 * approve → budget assigned), counted from the code. The per-proposal benchmark checks this list
 * against the writes it observes, so the "limit" in the end-to-end figure stays honest.
 */
export interface PlannedWrite {
  by: string;
  operation: 'TransactWriteItems' | 'PutItem' | 'UpdateItem';
  items: number;
}

export const HAPPY_PATH_WRITES: readonly PlannedWrite[] = [
  {
    by: 'POST /proposals: proposalWrites.create (proposal, revision, audit event) + the run marker (IdempotentSubmission)',
    operation: 'TransactWriteItems',
    items: 4,
  },
  {
    by: "CheckPolicy: proposalWrites.update (proposal, audit event), run marker deleted, commitmentWrites (the proposal's claim, the district's pagu counter)",
    operation: 'TransactWriteItems',
    items: 5,
  },
  {
    by: 'RequestApproval: commitWithMails (proposal, audit event) + actionRepository.openWrites (request, 1 action per approver of KABID_IKM, task token) + 1 mail in the outbox',
    operation: 'TransactWriteItems',
    items: 6,
  },
  { by: 'RequestApproval: the approval mail marked sent (outbox)', operation: 'UpdateItem', items: 1 },
  { by: 'GET /actions/{id}: the client rate counter', operation: 'UpdateItem', items: 1 },
  { by: 'POST /actions/{id}: the client rate counter', operation: 'UpdateItem', items: 1 },
  {
    by: "POST /actions/{id}: actionRepository.decide (the action, the stage's request, a condition check on the proposal)",
    operation: 'TransactWriteItems',
    items: 3,
  },
  {
    by: "RecordDecision: commitWithMails (proposal, audit event) + the request's decision taken in",
    operation: 'TransactWriteItems',
    items: 3,
  },
  {
    by: "AssignBudget: proposal, audit event, 3 sources × (pool update, allocation), the district's outcome mail",
    operation: 'TransactWriteItems',
    items: 9,
  },
  { by: 'AssignBudget: the outcome mail marked sent (outbox)', operation: 'UpdateItem', items: 1 },
];

export const plannedCalls = HAPPY_PATH_WRITES.length;
export const plannedItems = HAPPY_PATH_WRITES.reduce((n, w) => n + w.items, 0);

/** `TransactWriteItems×3` style, for comparing the plan with what was observed. */
export function describeWrites(writes: ReadonlyArray<{ operation: string; items: number }>): string {
  return writes.map((w) => `${w.operation}×${w.items}`).join(', ');
}
