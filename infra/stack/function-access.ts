/**
 * What each function may do, by function name (WORKFLOW_TASKS / HTTP_ROUTES). The stack turns
 * these into IAM statements on named resources only. A function missing here fails the synth:
 * a new handler gets its rights by a decision written down, not by a default.
 */
export interface FunctionAccess {
  /** DynamoDB on the table and its named indexes. There is no Scan in either level. `none`: no access. */
  table: 'read' | 'readWrite' | 'none';
  /** states:StartExecution on the proposal state machine. */
  startsWorkflow?: true;
  /** states:SendTaskSuccess/Failure/Heartbeat on the proposal state machine. */
  answersWorkflowTasks?: true;
  /** states:StopExecution on the executions of the proposal state machine (a withdrawal ends its run). */
  stopsWorkflow?: true;
  /** ses:SendEmail from the configured identity with the stack's configuration set. */
  sendsEmail?: true;
}

export const FUNCTION_ACCESS: Readonly<Record<string, FunctionAccess>> = {
  // HTTP handlers
  'create-proposal': { table: 'readWrite', startsWorkflow: true },
  'get-proposal': { table: 'read' },
  'get-proposal-history': { table: 'read' },
  'list-proposals': { table: 'read' },
  'create-revision': { table: 'readWrite', startsWorkflow: true },
  // Withdrawing a WAITLISTED proposal runs its pools' queues, which may fund (and mail) others.
  'withdraw-proposal': { table: 'readWrite', stopsWorkflow: true, sendsEmail: true },
  'get-policy': { table: 'read' },
  'put-policy': { table: 'readWrite' },
  'list-districts': { table: 'read' },
  'put-district': { table: 'readWrite' },
  'list-budget-pools': { table: 'read' },
  // Writes pools and, funding the waitlist, proposals and their allocations; starts no workflow.
  'put-budget-pool': { table: 'readWrite', sendsEmail: true },
  'allocation-report': { table: 'read' },
  'approval-action': { table: 'readWrite', answersWorkflowTasks: true },
  'retry-proposal': { table: 'readWrite', startsWorkflow: true },
  'get-approval-chain': { table: 'read' },
  'put-approval-chain': { table: 'readWrite' },
  'list-approvals': { table: 'read' },
  'get-round': { table: 'read' },
  'put-round': { table: 'readWrite' },
  'get-round-programme': { table: 'read' },
  // Writes the round and its programme snapshot (and the audit event); nothing else.
  'finalise-round': { table: 'readWrite' },
  // Runs the rule engine on the district's data; stores nothing.
  'preview-policy-check': { table: 'read' },
  // Serves files built into its bundle (the app, the docs page, the OpenAPI document): no data at all.
  'static-files': { table: 'none' },
  // Workflow tasks (each sends the mails its change causes, recorded in the same transaction)
  'check-policy': { table: 'readWrite', sendsEmail: true },
  'request-approval': { table: 'readWrite', sendsEmail: true, answersWorkflowTasks: true },
  'approval-timer': { table: 'readWrite', sendsEmail: true },
  'record-decision': { table: 'readWrite', sendsEmail: true },
  'assign-budget': { table: 'readWrite', sendsEmail: true },
  'record-failure': { table: 'readWrite' },
  // On a schedule: starts runs that were stored but never started, delivers recorded decisions, sends pending
  // mail, reminds the districts that sent nothing before a round closes.
  sweep: { table: 'readWrite', startsWorkflow: true, answersWorkflowTasks: true, sendsEmail: true },
};

export function accessOf(functionName: string): FunctionAccess {
  const access = FUNCTION_ACCESS[functionName];
  if (!access) {
    throw new Error(
      `No access rights declared for function "${functionName}": add it to FUNCTION_ACCESS in infra/stack/function-access.ts`,
    );
  }
  return access;
}
