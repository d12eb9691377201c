import { SfnServiceError } from './errors.js';
import type { LocalStepFunctions } from './local-step-functions.js';

/** The AWS JSON 1.0 protocol as Step Functions speaks it: `X-Amz-Target: AWSStepFunctions.<Operation>`. */
export const CONTENT_TYPE = 'application/x-amz-json-1.0';
const TARGET_PREFIX = 'AWSStepFunctions.';
const ERROR_NAMESPACE = 'com.amazonaws.sfn#';

type Operation = (sfn: LocalStepFunctions, input: never) => Promise<object>;

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
export function dispatch(
  sfn: LocalStepFunctions,
  target: string | undefined,
  body: unknown,
): Promise<object> {
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
