/**
 * What each function may do, by function name (WORKFLOW_TASKS / HTTP_ROUTES). The stack turns
 * these into IAM statements on named resources only. A function missing here fails the synth:
 * a new handler gets its rights by a decision written down, not by a default.
 *
 * The DynamoDB actions are those its code paths call, read from the handler and the repository
 * functions it uses. TransactWriteItems is authorised item by item through PutItem, UpdateItem,
 * DeleteItem and ConditionCheckItem, so it needs no action of its own. Nothing calls Scan,
 * BatchWriteItem or DescribeTable, and no function may; BatchGetItem only where a step reads what
 * it needs in one call (CheckPolicy: the proposal, the year's rules and chain, the district's counter).
 */
export type TableAction =
  | 'GetItem'
  | 'BatchGetItem'
  | 'Query'
  | 'PutItem'
  | 'UpdateItem'
  | 'DeleteItem'
  | 'ConditionCheckItem';

export interface FunctionAccess {
  /** DynamoDB actions on the table (reads also on its named indexes). */
  table: readonly TableAction[];
  /**
   * Reads or writes the task-token items (partition key `TOKEN#…`). Every other function is
   * denied those items outright (`dynamodb:LeadingKeys`), whatever else it may do on the table:
   * a task token resumes a workflow, so only the approval functions may ever see one.
   */
  taskTokens?: true;
  /** states:StartExecution on the proposal state machine. */
  startsWorkflow?: true;
  /** states:SendTaskSuccess/Failure/Heartbeat on the proposal state machine. */
  answersWorkflowTasks?: true;
  /** states:StopExecution on the executions of the proposal state machine (a withdrawal ends its run). */
  stopsWorkflow?: true;
  /** ses:SendEmail from the configured identity with the stack's configuration set. */
  sendsEmail?: true;
}

/** Keyed reads and queries: every function reads something. */
const READ: readonly TableAction[] = ['GetItem', 'Query'];
/** Guarded puts of new items (with their audit events) inside transactions. */
const CREATE: readonly TableAction[] = [...READ, 'PutItem'];
/** Guarded changes of existing items too (status transitions, counters, pools). */
const CHANGE: readonly TableAction[] = [...CREATE, 'UpdateItem'];

export const FUNCTION_ACCESS: Readonly<Record<string, FunctionAccess>> = {
  // HTTP handlers
  // Puts the proposal, its revision, its first event and the idempotency record in one transaction.
  'create-proposal': { table: CREATE },
  'get-proposal': { table: READ },
  'get-proposal-history': { table: READ },
  'list-proposals': { table: READ },
  // Updates the proposal's META, puts the new revision and its event.
  'create-revision': { table: CHANGE },
  // Withdrawing releases the district commitment (a condition check and a delete) and leaves the
  // waitlist (deletes); running the pools' queues may fund (and mail) others.
  // Its run is stopped by run-control, from the table's stream.
  'withdraw-proposal': { table: [...CHANGE, 'DeleteItem', 'ConditionCheckItem'] },
  'get-policy': { table: READ },
  // A new rule-set version and the LATEST pointer are both puts.
  'put-policy': { table: CREATE },
  'list-districts': { table: READ },
  'put-district': { table: CREATE },
  'list-budget-pools': { table: READ },
  // Writes pools and, funding the waitlist, proposals and their allocations; starts no workflow.
  // Funding the waitlist removes the funded proposals' places in it (deletes).
  'put-budget-pool': { table: [...CHANGE, 'DeleteItem'] },
  'allocation-report': { table: READ },
  // Decides the action (guarded updates, with a condition check on the proposal), reads the task
  // token that resumes the workflow, clears the undelivered marker; counts the client's requests.
  'approval-action': {
    table: [...CHANGE, 'ConditionCheckItem'],
    answersWorkflowTasks: true,
    taskTokens: true,
  },
  // Updates the proposal and puts the run marker of the new attempt (run-control starts the run).
  'retry-proposal': { table: CHANGE },
  'get-approval-chain': { table: READ },
  // A new chain version and the LATEST pointer are both puts.
  'put-approval-chain': { table: CREATE },
  'list-approvals': { table: READ },
  'get-round': { table: READ },
  // The round and its audit event are both puts (guarded on the version read).
  'put-round': { table: CREATE },
  // Every proposal of the year (by status) and its allocations: queries only.
  'get-round-programme': { table: READ },
  // Puts the round (FINAL), its programme snapshot and the audit event; nothing else.
  'finalise-round': { table: CREATE },
  // Runs the rule engine on the district's data; stores nothing.
  'preview-policy-check': { table: READ },
  // Serves files built into its bundle (the app, the docs page, the OpenAPI document): no data at all.
  'static-files': { table: [] },
  // Workflow tasks (each writes the mails its change causes into the outbox, in the same
  // transaction; the mail sender below sends them)
  // The run's first step: also deletes the pending-run marker written with the revision.
  'check-policy': { table: [...CHANGE, 'DeleteItem', 'BatchGetItem'] },
  // Writes the stage's request, its actions and the task token (the only writer of tokens).
  'request-approval': { table: CHANGE, taskTokens: true },
  // Reminders, escalation links and OVERDUE: request items, actions, mail; never the token.
  'approval-timer': { table: CHANGE },
  // A rejection or return releases the district commitment (a condition check and a delete).
  'record-decision': { table: [...CHANGE, 'DeleteItem', 'ConditionCheckItem'] },
  // Joins a waitlist (puts) and runs the queue, which removes funded places (deletes).
  'assign-budget': { table: [...CHANGE, 'DeleteItem'] },
  'record-failure': { table: CHANGE },
  // On a schedule: hands the markers of runs that never started to run-control again (an update),
  // delivers recorded decisions with their task tokens, hands pending mail to the mail sender again
  // (an update).
  sweep: {
    table: [...CHANGE, 'DeleteItem'],
    answersWorkflowTasks: true,
    taskTokens: true,
  },
  // Hourly: queries the rounds, the districts and the year's proposals, and puts each reminder mail
  // if absent (the district's mark for that closing date). No single-item reads, no updates, no
  // workflow, no tokens.
  'round-reminders': { table: ['Query', 'PutItem'] },
  // On the table's stream: sends each pending mail and marks it sent (a guarded update). It reads
  // nothing: the stream record is the mail.
  'send-mail': { table: ['UpdateItem'], sendsEmail: true },
  // On the table's stream: starts the run a marker names (reading the proposal only for a marker
  // written before markers named the proposal's year and district) and deletes a marker whose run
  // exists; stops the run of a withdrawn proposal. The only function that starts or stops runs.
  'run-control': { table: ['GetItem', 'DeleteItem'], startsWorkflow: true, stopsWorkflow: true },
};

/**
 * The deploy-time seeding of data/ (infra/stack/reference-data.ts): conditional puts of what is
 * missing (districts, province lists, rule sets, approval chains, planning rounds, sample pools),
 * and the reads that decide what is missing. No task tokens.
 */
export const REFERENCE_DATA_SEED_ACCESS: FunctionAccess = { table: CREATE };

export function accessOf(functionName: string): FunctionAccess {
  const access = FUNCTION_ACCESS[functionName];
  if (!access) {
    throw new Error(
      `No access rights declared for function "${functionName}": add it to FUNCTION_ACCESS in infra/stack/function-access.ts`,
    );
  }
  return access;
}

/** Whether a function writes anything to the table. */
export const writesTable = (access: FunctionAccess): boolean =>
  access.table.some((a) => a !== 'GetItem' && a !== 'BatchGetItem' && a !== 'Query');
