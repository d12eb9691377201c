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
    by: 'POST /proposals: proposalRepository.create (proposal, revision, audit event)',
    operation: 'TransactWriteItems',
    items: 3,
  },
  {
    by: 'RecordSubmission: proposalRepository.update (proposal, audit event)',
    operation: 'TransactWriteItems',
    items: 2,
  },
  {
    by: "CheckPolicy: proposalRepository.update (proposal, audit event) + commitmentWrites (the proposal's claim, the district's pagu counter)",
    operation: 'TransactWriteItems',
    items: 4,
  },
  {
    by: 'RequestApproval: proposalRepository.update + actionRepository.createWrites (approval request, 1 action per approver of KABID_IKM)',
    operation: 'TransactWriteItems',
    items: 4,
  },
  { by: 'RequestApproval: actionRepository.markEmailSent', operation: 'UpdateItem', items: 1 },
  {
    by: 'POST /actions/{id}: actionRepository.decide (the action; siblings: none)',
    operation: 'TransactWriteItems',
    items: 1,
  },
  {
    by: 'RecordDecision: proposalRepository.update (proposal, audit event)',
    operation: 'TransactWriteItems',
    items: 2,
  },
  {
    by: 'AssignBudget: proposalRepository.update + poolRepository.allocationWrites (3 sources × pool update and allocation)',
    operation: 'TransactWriteItems',
    items: 8,
  },
];

export const plannedCalls = HAPPY_PATH_WRITES.length;
export const plannedItems = HAPPY_PATH_WRITES.reduce((n, w) => n + w.items, 0);

/** `TransactWriteItems×3` style, for comparing the plan with what was observed. */
export function describeWrites(writes: ReadonlyArray<{ operation: string; items: number }>): string {
  return writes.map((w) => `${w.operation}×${w.items}`).join(', ');
}
