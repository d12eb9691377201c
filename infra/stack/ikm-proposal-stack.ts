import { fileURLToPath } from 'node:url';
import { ArnFormat, CfnOutput, Duration, Stack, type StackProps, Token, Validations } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { type IRole, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { FilterCriteria, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { CfnStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { WORKFLOW_TASKS } from '../../workflows/tasks.js';
import { type StageConfig, sesIdentityOf } from '../stage-config.js';
import { Alarms } from './alarms.js';
import { Api } from './api.js';
import { Auth } from './auth.js';
import { OperationsDashboard } from './dashboard.js';
import { ProposalTable } from './data.js';
import { accessOf } from './function-access.js';
import { functionEnvironment } from './function-environment.js';
import { HandlerFunctions } from './functions.js';
import { handlerCatalog } from './handler-catalog.js';
import { Mail } from './mail.js';
import { ReferenceData } from './reference-data.js';
import { ProposalWorkflow } from './workflow.js';

/** The directory with package.json: handler entries and the ASL path are relative to it. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface IkmProposalStackProps extends Omit<StackProps, 'env'> {
  config: StageConfig;
}

/** The whole application for one stage. */
export class IkmProposalStack extends Stack {
  readonly data: ProposalTable;
  readonly mail: Mail;
  readonly auth: Auth;
  readonly api: Api;
  readonly functions: HandlerFunctions;
  readonly workflow: ProposalWorkflow;
  readonly alarms: Alarms;
  readonly referenceData: ReferenceData;
  readonly dashboard: OperationsDashboard;

  constructor(scope: Construct, id: string, props: IkmProposalStackProps) {
    const { config, ...stackProps } = props;
    super(scope, id, {
      ...stackProps,
      description: `Usulan program IKM Dinas Perindustrian Sulawesi Selatan (${config.name})`,
      // The region is always concrete so that synth needs no credentials; the account stays
      // unresolved unless pinned, nothing here looks anything up.
      env: { region: config.region, account: config.account ?? process.env.CDK_DEFAULT_ACCOUNT },
      terminationProtection: stackProps.terminationProtection ?? config.retainData,
    });
    const logRetention = config.logRetentionDays as RetentionDays;
    const common = { stageName: config.name, retainData: config.retainData };

    this.data = new ProposalTable(this, 'Data', common);
    this.mail = new Mail(this, 'Mail', {
      stageName: config.name,
      identity: sesIdentityOf(config),
      createIdentity: config.mail.createIdentity,
      sandboxRecipients: config.mail.sandboxRecipients,
    });
    this.auth = new Auth(this, 'Auth', common);
    this.api = new Api(this, 'Api', {
      ...common,
      userPool: this.auth.userPool,
      userPoolClient: this.auth.client,
      throttle: config.api.throttle,
      publicRouteThrottle: config.api.publicRouteThrottle,
      customDomain: config.customDomain,
      logRetention,
    });

    this.auth.allowWebAppAt(this.api.publicBaseUrl);

    this.functions = new HandlerFunctions(this, 'Functions', {
      ...common,
      projectRoot: PROJECT_ROOT,
      specs: handlerCatalog(),
      environment: functionEnvironment({
        config,
        tableName: this.data.table.tableName,
        publicBaseUrl: this.api.publicBaseUrl,
        sesConfigurationSet: this.mail.configurationSetName,
      }),
      logRetention,
    });
    this.workflow = new ProposalWorkflow(this, 'Workflow', {
      ...common,
      projectRoot: PROJECT_ROOT,
      taskFunctions: Object.values(WORKFLOW_TASKS).map((task) => ({
        arnSubstitution: task.arnSubstitution,
        fn: this.functions.forEntry(task.entry).fn,
      })),
      logRetention,
    });
    this.wireFunctions();

    this.referenceData = new ReferenceData(this, 'ReferenceData', {
      ...common,
      projectRoot: PROJECT_ROOT,
      data: this.data,
      samplePools: config.seedSamplePools,
      logRetention,
    });

    this.alarms = new Alarms(this, 'Alarms', {
      stageName: config.name,
      alarmEmail: config.alarmEmail,
      stateMachine: this.workflow.stateMachine,
      functions: this.functions.all,
      httpApi: this.api.httpApi,
    });

    this.dashboard = new OperationsDashboard(this, 'Operations', {
      stageName: config.name,
      stateMachine: this.workflow.stateMachine,
      functions: this.functions.all,
      httpApi: this.api.httpApi,
    });

    const outputs: Record<string, [string, string]> = {
      PublicBaseUrl: [this.api.publicBaseUrl, 'Base of the links in emails'],
      ApiEndpoint: [this.api.httpApi.apiEndpoint, 'execute-api endpoint of the HTTP API'],
      UserPoolId: [this.auth.userPool.userPoolId, 'Cognito user pool (create people here)'],
      UserPoolClientId: [this.auth.client.userPoolClientId, 'App client id (JWT audience)'],
      StateMachineArn: [this.workflow.stateMachine.stateMachineArn, 'Proposal workflow'],
      TableName: [this.data.table.tableName, 'DynamoDB table'],
      AlarmTopicArn: [this.alarms.topic.topicArn, 'SNS topic of the alarms'],
      DashboardName: [this.dashboard.dashboard.dashboardName, 'CloudWatch dashboard of the stage'],
      ReferenceDataFunctionName: [this.referenceData.fn.functionName, 'Seeds data/ (npm run admin -- seed)'],
    };
    if (this.api.customDomain) {
      outputs.CustomDomainTarget = [
        this.api.customDomain.regionalDomainName,
        `CNAME target for ${config.customDomain?.domainName}`,
      ];
    }
    for (const [name, [value, description]] of Object.entries(outputs)) {
      new CfnOutput(this, name, { value, description });
    }
  }

  /** Rights per FUNCTION_ACCESS, the state machine's ARN and the routes for the HTTP handlers. */
  private wireFunctions(): void {
    const stateMachine = this.workflow.stateMachine;
    for (const { spec, fn, role } of this.functions.all) {
      const access = accessOf(spec.functionName);
      const inside = spec.trigger === 'workflow';
      if (inside && (access.startsWorkflow || access.stopsWorkflow)) {
        throw new Error(
          `${spec.functionName} runs inside the state machine and cannot also start or stop its executions`,
        );
      }
      // A function without table rights (static files) gets no statement at all.
      if (access.table.length > 0) this.data.grantItems(role, access);
      if (access.sendsEmail) this.mail.grantSend(role);
      if (access.startsWorkflow) stateMachine.grantStartExecution(role);
      // A task function must not reference the machine that references it (a cycle): its right
      // to answer its own wait is granted on the machine's ARN built from the literal name.
      if (access.answersWorkflowTasks) {
        if (inside) this.grantTaskResponseByName(role);
        else stateMachine.grantTaskResponse(role);
      }
      if (access.stopsWorkflow) this.grantStopExecution(role);
      if (spec.entry === 'functions/api/static-files.ts') {
        // The files ride in the bundle (infra/stack/functions.ts); the login is public values.
        fn.addEnvironment('STATIC_ROOT', '/var/task/static');
        fn.addEnvironment('COGNITO_DOMAIN', this.auth.domain.baseUrl());
        fn.addEnvironment('COGNITO_CLIENT_ID', this.auth.client.userPoolClientId);
      }
      if (spec.trigger === 'http') {
        fn.addEnvironment('STATE_MACHINE_ARN', stateMachine.stateMachineArn);
        this.api.addRoutes(fn.node.id, spec.routes, fn);
      }
      if (spec.trigger === 'schedule') {
        fn.addEnvironment('STATE_MACHINE_ARN', stateMachine.stateMachineArn);
        new Rule(this, `${fn.node.id}Schedule`, {
          description: `Runs ${spec.entry} every ${spec.everyMinutes} minute(s)`,
          schedule: Schedule.rate(Duration.minutes(spec.everyMinutes ?? 1)),
          targets: [new LambdaFunction(fn, { retryAttempts: 2 })],
        });
      }
      if (spec.trigger === 'stream') this.consumeTableStream(fn, role, spec.patterns ?? []);
    }
  }

  /**
   * The table's stream, filtered by the consumer's patterns (Lambda drops the other records before
   * invoking, at no cost). A batch that fails is retried twice, halved each time; after that its
   * records are left behind, which is safe here: what they carry is still in the table (a pending
   * mail, a run marker), and the sweep hands it over again; a stop left undone leaves a run that
   * can no longer change its withdrawn proposal (its writes are guarded on the status).
   */
  private consumeTableStream(
    fn: NodejsFunction,
    role: IRole,
    patterns: readonly Readonly<Record<string, unknown>>[],
  ): void {
    fn.addEventSource(
      new DynamoEventSource(this.data.table, {
        startingPosition: StartingPosition.LATEST,
        batchSize: 10,
        maxBatchingWindow: Duration.seconds(0),
        retryAttempts: 2,
        bisectBatchOnError: true,
        filters: patterns.map((pattern) => FilterCriteria.filter(pattern as Record<string, unknown>)),
      }),
    );
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Reading the table stream: dynamodb:ListStreams accepts no resource but *; the stream itself is named.',
    });
  }

  /** states:SendTaskSuccess/Failure/Heartbeat on this state machine, named by its literal name. */
  private grantTaskResponseByName(role: IRole): void {
    const name = (this.workflow.stateMachine.node.defaultChild as CfnStateMachine).stateMachineName;
    if (!name) throw new Error('the proposal state machine needs a literal name to scope task responses');
    const machine = this.formatArn({
      service: 'states',
      resource: 'stateMachine',
      resourceName: name,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat'],
        resources: [machine],
      }),
    );
  }

  /**
   * states:StopExecution on this state machine's executions. Their names (`<proposal>-r<revision>`)
   * are made at run time, so the ARN ends in `*`; it is built from the state machine's literal name
   * (not its ARN token) so that the acknowledgement below names exactly this resource.
   */
  private grantStopExecution(role: IRole): void {
    const name = (this.workflow.stateMachine.node.defaultChild as CfnStateMachine).stateMachineName;
    if (!name) throw new Error('the proposal state machine needs a literal name to scope StopExecution');
    const executions = this.formatArn({
      service: 'states',
      resource: 'execution',
      resourceName: `${name}:*`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['states:StopExecution'], resources: [executions] }),
    );
    // How cdk-nag writes the resource in its finding: pseudo parameters as <AWS::…>.
    const shown = (value: string, pseudo: string) => (Token.isUnresolved(value) ? `<AWS::${pseudo}>` : value);
    const finding =
      `arn:${shown(this.partition, 'Partition')}:states:${shown(this.region, 'Region')}:` +
      `${shown(this.account, 'AccountId')}:execution:${name}:*`;
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${finding}]`,
      reason:
        'A withdrawal stops the running execution of its proposal revision; execution names are made per ' +
        'revision at run time, so the right covers the executions of this one state machine and no other.',
    });
  }
}
