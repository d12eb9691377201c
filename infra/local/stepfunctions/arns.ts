import { sfnError } from './errors.js';

/** Execution and state machine names: what this engine accepts, a subset of what AWS accepts. */
const NAME = /^[A-Za-z0-9_-]{1,80}$/;
const STATE_MACHINE_ARN = /^arn:[a-z-]+:states:([a-z0-9-]+):(\d{12}):stateMachine:([A-Za-z0-9_-]{1,80})$/;
const EXECUTION_ARN =
  /^arn:[a-z-]+:states:([a-z0-9-]+):(\d{12}):execution:([A-Za-z0-9_-]{1,80}):([A-Za-z0-9_-]{1,80})$/;

export function assertValidName(name: string, what: string): void {
  if (!NAME.test(name)) {
    throw sfnError(
      'InvalidName',
      `Invalid ${what} name '${name}': use 1 to 80 characters of A-Z, a-z, 0-9, - and _`,
    );
  }
}

export class ArnFactory {
  constructor(
    private readonly region: string,
    private readonly accountId: string,
  ) {}

  stateMachine(name: string): string {
    return `arn:aws:states:${this.region}:${this.accountId}:stateMachine:${name}`;
  }

  execution(machineName: string, executionName: string): string {
    return `arn:aws:states:${this.region}:${this.accountId}:execution:${machineName}:${executionName}`;
  }

  role(machineName: string): string {
    return `arn:aws:iam::${this.accountId}:role/local-stepfunctions-${machineName}`;
  }
}

/** The state machine name of a well-formed ARN; InvalidArn otherwise. */
export function stateMachineNameOf(arn: string): string {
  const match = STATE_MACHINE_ARN.exec(arn);
  if (!match?.[3]) throw sfnError('InvalidArn', `Invalid Arn: '${arn}'`);
  return match[3];
}

export function assertExecutionArn(arn: string): void {
  if (!EXECUTION_ARN.test(arn)) throw sfnError('InvalidArn', `Invalid Arn: '${arn}'`);
}
