import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { ASL_PATH } from '../../workflows/tasks.js';

export interface TaskFunction {
  /** The `${…}` placeholder of proposal.asl.json that stands for this function's ARN. */
  arnSubstitution: string;
  fn: IFunction;
}

export interface ProposalWorkflowProps {
  stageName: string;
  projectRoot: string;
  taskFunctions: readonly TaskFunction[];
  logRetention: RetentionDays;
  retainData: boolean;
}

/**
 * The Standard state machine, deployed from workflows/proposal.asl.json as it is (the same file the
 * local engine runs), with each Task's function ARN substituted in.
 */
export class ProposalWorkflow extends Construct {
  readonly stateMachine: StateMachine;

  constructor(scope: Construct, id: string, props: ProposalWorkflowProps) {
    super(scope, id);
    const aslFile = path.join(props.projectRoot, ASL_PATH);
    const substitutions = Object.fromEntries(
      props.taskFunctions.map((t) => [t.arnSubstitution, t.fn.functionArn]),
    );
    assertEveryPlaceholderSubstituted(readFileSync(aslFile, 'utf8'), substitutions);

    const stateMachineName = `ikm-proposal-${props.stageName}`;
    const logGroup = new LogGroup(this, 'Logs', {
      // Step Functions delivers logs through CloudWatch vended logs, whose resource policy size
      // limit is avoided by this prefix.
      logGroupName: `/aws/vendedlogs/states/${stateMachineName}`,
      retention: props.logRetention,
      removalPolicy: props.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    this.stateMachine = new StateMachine(this, 'StateMachine', {
      stateMachineName,
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromFile(aslFile),
      definitionSubstitutions: substitutions,
      // Execution data stays out of the logs: RequestApproval's parameters carry the task token.
      logs: { destination: logGroup, level: LogLevel.ALL, includeExecutionData: false },
      tracingEnabled: true,
    });
    // Exactly the task functions, by ARN (CDK's grantInvoke would add `:*` for every version).
    this.stateMachine.addToRolePolicy(
      new PolicyStatement({
        actions: ['lambda:InvokeFunction'],
        resources: [...new Set(props.taskFunctions.map((t) => t.fn.functionArn))],
      }),
    );
    Validations.of(this.stateMachine.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Log delivery (logs:CreateLogDelivery, PutResourcePolicy, …) and X-Ray (xray:PutTraceSegments, …) ' +
        'accept no resource but *; Step Functions needs both for logging ALL and tracing.',
    });
  }
}

function assertEveryPlaceholderSubstituted(asl: string, substitutions: Record<string, string>): void {
  const missing = [...asl.matchAll(/\$\{([A-Za-z0-9_]+)\}/g)]
    .map((m) => m[1] as string)
    .filter((name) => !(name in substitutions));
  if (missing.length > 0) {
    throw new Error(
      `${ASL_PATH} uses placeholders with no function behind them: ${[...new Set(missing)].join(', ')}`,
    );
  }
}
