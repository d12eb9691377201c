import type {
  DescribeExecutionInput,
  DescribeExecutionOutput,
  DescribeStateMachineInput,
  DescribeStateMachineOutput,
  GetExecutionHistoryInput,
  GetExecutionHistoryOutput,
  ListExecutionsInput,
  ListExecutionsOutput,
  ListStateMachinesInput,
  ListStateMachinesOutput,
  SendTaskFailureInput,
  SendTaskHeartbeatInput,
  SendTaskSuccessInput,
  StartExecutionInput,
  StartExecutionOutput,
  StopExecutionInput,
  StopExecutionOutput,
} from '@aws-sdk/client-sfn';
import { SfnServiceError } from './errors.js';

/**
 * The Step Functions operations the HTTP endpoint serves. The facade implements them; the
 * protocol and the server depend only on this interface, never on the facade that starts them.
 */
export interface SfnOperations {
  startExecution(request: StartExecutionInput): Promise<StartExecutionOutput>;
  stopExecution(request: StopExecutionInput): Promise<StopExecutionOutput>;
  describeExecution(request: DescribeExecutionInput): Promise<DescribeExecutionOutput>;
  describeStateMachine(request: DescribeStateMachineInput): Promise<DescribeStateMachineOutput>;
  listStateMachines(request?: ListStateMachinesInput): Promise<ListStateMachinesOutput>;
  listExecutions(request: ListExecutionsInput): Promise<ListExecutionsOutput>;
  getExecutionHistory(request: GetExecutionHistoryInput): Promise<GetExecutionHistoryOutput>;
  sendTaskSuccess(request: SendTaskSuccessInput): Promise<Record<string, never>>;
  sendTaskFailure(request: SendTaskFailureInput): Promise<Record<string, never>>;
  sendTaskHeartbeat(request: SendTaskHeartbeatInput): Promise<Record<string, never>>;
}

/** The AWS JSON 1.0 protocol as Step Functions speaks it: `X-Amz-Target: AWSStepFunctions.<Operation>`. */
export const CONTENT_TYPE = 'application/x-amz-json-1.0';
const TARGET_PREFIX = 'AWSStepFunctions.';
const ERROR_NAMESPACE = 'com.amazonaws.sfn#';

type Operation = (sfn: SfnOperations, input: never) => Promise<object>;

const OPERATIONS: Readonly<Record<string, Operation>> = {
  StartExecution: (sfn, input) => sfn.startExecution(input),
  StopExecution: (sfn, input) => sfn.stopExecution(input),
  DescribeExecution: (sfn, input) => sfn.describeExecution(input),
  DescribeStateMachine: (sfn, input) => sfn.describeStateMachine(input),
  ListStateMachines: (sfn, input) => sfn.listStateMachines(input),
  ListExecutions: (sfn, input) => sfn.listExecutions(input),
  GetExecutionHistory: (sfn, input) => sfn.getExecutionHistory(input),
  SendTaskSuccess: (sfn, input) => sfn.sendTaskSuccess(input),
  SendTaskFailure: (sfn, input) => sfn.sendTaskFailure(input),
  SendTaskHeartbeat: (sfn, input) => sfn.sendTaskHeartbeat(input),
};

/** Runs the operation the target header names; the body is validated by the operation itself. */
export function dispatch(sfn: SfnOperations, target: string | undefined, body: unknown): Promise<object> {
  const name = target?.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : undefined;
  const operation = name === undefined ? undefined : OPERATIONS[name];
  if (!operation || !Object.hasOwn(OPERATIONS, name ?? '')) {
    throw new SfnServiceError(
      'UnknownOperationException',
      `Unknown operation: ${target ?? '(no X-Amz-Target)'}`,
    );
  }
  return operation(sfn, body as never);
}

/** Response body: timestamps travel as epoch seconds (the protocol's default timestamp format). */
export function serializeOutput(output: object): string {
  return JSON.stringify(output, function (this: Record<string, unknown>, key: string, value: unknown) {
    const raw = this[key];
    return raw instanceof Date ? raw.getTime() / 1000 : value;
  });
}

/** Error body as the SDK parses it: the error code in `__type`, the text in `message`. */
export function serializeError(error: SfnServiceError): string {
  return JSON.stringify({ __type: `${ERROR_NAMESPACE}${error.code}`, message: error.message });
}
