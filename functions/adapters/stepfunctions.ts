import {
  ExecutionAlreadyExists,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { TransientError } from '../domain/errors.js';
import { env } from './env.js';

let client: SFNClient | undefined;

/** Endpoint and credentials from the SDK's configuration (locally AWS_ENDPOINT_URL_SFN), as for DynamoDB. */
function sfn(): SFNClient {
  client ??= new SFNClient({ region: env.region() });
  return client;
}

import { executionName } from './execution-name.js';

export type StartOutcome = 'STARTED' | 'ALREADY_EXISTS';

/**
 * What a run starts from: its proposal revision and attempt, and where the proposal belongs (its
 * first step reads the proposal and the year's rules together with these).
 */
export interface RunStart {
  proposalId: string;
  revision: number;
  attempt: number;
  fiscalYear: number;
  districtCode: string;
}

export async function startProposalWorkflow(run: RunStart): Promise<StartOutcome> {
  const { proposalId, revision, attempt, fiscalYear, districtCode } = run;
  const name = executionName(proposalId, revision, attempt);
  const input = JSON.stringify({ proposalId, revision, attempt, fiscalYear, districtCode });
  try {
    await sfn().send(new StartExecutionCommand({ stateMachineArn: env.stateMachineArn(), name, input }));
    return 'STARTED';
  } catch (error) {
    // Started before under this name (running or finished): nothing to redo.
    if (error instanceof ExecutionAlreadyExists) return 'ALREADY_EXISTS';
    const name = error instanceof Error ? error.name : '';
    if (name === 'ThrottlingException' || name === 'ServiceUnavailable') throw new TransientError(name);
    throw error;
  }
}

export type CallbackOutcome = 'DELIVERED' | 'TASK_GONE';

/**
 * Resumes a waiting workflow. A token whose task has timed out, finished or never existed is
 * reported as TASK_GONE; throttling is transient.
 */
export async function sendTaskSuccess(taskToken: string, output: unknown): Promise<CallbackOutcome> {
  try {
    await sfn().send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) }));
    return 'DELIVERED';
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    if (name === 'TaskTimedOut' || name === 'TaskDoesNotExist' || name === 'InvalidToken') return 'TASK_GONE';
    if (name === 'ThrottlingException' || name === 'ServiceUnavailable') throw new TransientError(name);
    throw error;
  }
}

export type StopOutcome = 'STOPPED' | 'NOT_FOUND';

/**
 * Ends a running execution (its proposal was withdrawn), recording why. One that does not exist
 * (never started, or gone from history) is reported as NOT_FOUND rather than thrown.
 */
export async function stopExecution(executionArn: string, cause: string): Promise<StopOutcome> {
  try {
    await sfn().send(new StopExecutionCommand({ executionArn, error: 'ProposalWithdrawn', cause }));
    return 'STOPPED';
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    if (name === 'ExecutionDoesNotExist') return 'NOT_FOUND';
    if (name === 'ThrottlingException' || name === 'ServiceUnavailable') throw new TransientError(name);
    throw error;
  }
}
