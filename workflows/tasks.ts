/**
 * The one mapping from the state machine's Task states to the handler modules that run them.
 * The CDK stack makes one function per entry and substitutes its ARN for `${arnSubstitution}`
 * in proposal.asl.json; the local engine overrides each state with the same module's handler.
 */
export interface WorkflowTask {
  /** Path of the handler module from the project root; its export is `handler`. */
  entry: string;
  /** Placeholder in the ASL file that stands for the function's ARN. */
  arnSubstitution: string;
  /** Short function name, used for the Lambda name suffix and the local fake ARN. */
  functionName: string;
  /** true when the state waits for a task token (`.waitForTaskToken`). */
  waitsForCallback: boolean;
}

export const WORKFLOW_TASKS = {
  CheckPolicy: {
    entry: 'functions/steps/check-policy.ts',
    arnSubstitution: 'CheckPolicyFunctionArn',
    functionName: 'check-policy',
    waitsForCallback: false,
  },
  RequestApproval: {
    entry: 'functions/steps/request-approval.ts',
    arnSubstitution: 'RequestApprovalFunctionArn',
    functionName: 'request-approval',
    waitsForCallback: true,
  },
  ApprovalTimer: {
    entry: 'functions/steps/approval-timer.ts',
    arnSubstitution: 'ApprovalTimerFunctionArn',
    functionName: 'approval-timer',
    waitsForCallback: false,
  },
  RecordDecision: {
    entry: 'functions/steps/record-decision.ts',
    arnSubstitution: 'RecordDecisionFunctionArn',
    functionName: 'record-decision',
    waitsForCallback: false,
  },
  AssignBudget: {
    entry: 'functions/steps/assign-budget.ts',
    arnSubstitution: 'AssignBudgetFunctionArn',
    functionName: 'assign-budget',
    waitsForCallback: false,
  },
  RecordFailure: {
    entry: 'functions/steps/record-failure.ts',
    arnSubstitution: 'RecordFailureFunctionArn',
    functionName: 'record-failure',
    waitsForCallback: false,
  },
} as const satisfies Record<string, WorkflowTask>;

export type WorkflowTaskState = keyof typeof WORKFLOW_TASKS;

export const ASL_PATH = 'workflows/proposal.asl.json';

/** Replaces `${Name}` placeholders the way CDK's definitionSubstitutions does. */
export function substituteDefinition(asl: string, values: Record<string, string>): string {
  return asl.replace(/\$\{([A-Za-z0-9_]+)\}/g, (match, name: string) => values[name] ?? match);
}
