/**
 * The CloudWatch namespace and names of the business metrics, shared by the functions that emit
 * them (observability.ts, as EMF) and the stack's dashboard and alarms that read them.
 */
export const METRICS_NAMESPACE = 'IkmProposal';

/** The business events counted per proposal, one metric each. */
export const PROPOSAL_METRICS = {
  submitted: 'ProposalsSubmitted',
  returnedByPolicy: 'ProposalsReturnedByPolicy',
  approved: 'ProposalsApproved',
  rejected: 'ProposalsRejected',
  overdue: 'ApprovalsOverdue',
  waitlisted: 'ProposalsWaitlisted',
  failed: 'ProposalsFailed',
} as const;
export type ProposalOutcome = keyof typeof PROPOSAL_METRICS;

/** Rupiah assigned to proposals (sum per period). */
export const BUDGET_ASSIGNED_METRIC = 'BudgetAssignedRupiah';

/** Approval requests waiting for a decision, as counted by the periodic sweep (a gauge: maximum). */
export const APPROVALS_WAITING_METRIC = 'ApprovalsWaiting';

/** The `service` dimension of every metric (emf-metrics.ts): one per stage. */
export const serviceNameOf = (stageName: string): string => `ikm-${stageName}`;
