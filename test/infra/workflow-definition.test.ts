import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../infra/stack/ikm-proposal-stack.js';
import {
  ASL_PATH,
  substituteDefinition,
  WORKFLOW_TASKS,
  type WorkflowTaskState,
} from '../../workflows/tasks.js';
import {
  actionsOf,
  type CfnResource,
  functionLogicalId,
  resourcesOfType,
  roleOfFunction,
  type SynthesizedStage,
  statementsOfRole,
  synthesizeStage,
} from './synthesized-stage.js';

interface TaskState {
  Type: string;
  Resource?: string;
  Parameters?: { FunctionName?: string };
}

const LAMBDA_INTEGRATION = /^arn:aws:states:::lambda:invoke(\.waitForTaskToken)?$/;
/** Stands for the ARN of the function with this logical id once CloudFormation resolves it. */
const arnOf = (logicalId: string) => `arn:test:lambda:function:${logicalId}`;

let dev: SynthesizedStage;
let stateMachineId: string;
let stateMachine: CfnResource;
const sourceAsl = readFileSync(path.join(PROJECT_ROOT, ASL_PATH), 'utf8');

beforeAll(() => {
  dev = synthesizeStage('dev');
  const machines = resourcesOfType(dev, 'AWS::StepFunctions::StateMachine');
  expect(machines).toHaveLength(1);
  [stateMachineId, stateMachine] = machines[0] as [string, CfnResource];
});

/** The definition file CloudFormation will read: the staged asset behind DefinitionS3Location. */
function deployedDefinitionFile(): string {
  const location = stateMachine.Properties?.DefinitionS3Location as { Key: string };
  const assetHash = location.Key.replace(/\.json$/, '');
  const manifest = JSON.parse(
    readFileSync(path.join(dev.assemblyDir, `${dev.stack.artifactId}.assets.json`), 'utf8'),
  ) as {
    files: Record<string, { source: { path: string } }>;
  };
  const asset = manifest.files[assetHash];
  if (!asset) throw new Error(`No staged asset for ${location.Key}`);
  return readFileSync(path.join(dev.assemblyDir, asset.source.path), 'utf8');
}

/** DefinitionSubstitutions with each function's Fn::GetAtt Arn replaced by a stand-in ARN. */
function deployedSubstitutions(): Record<string, string> {
  const substitutions = stateMachine.Properties?.DefinitionSubstitutions as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(substitutions).map(([name, value]) => {
      const getAtt = (value as { 'Fn::GetAtt'?: [string, string] })['Fn::GetAtt'];
      if (getAtt?.[1] !== 'Arn') throw new Error(`${name} is not a function ARN: ${JSON.stringify(value)}`);
      return [name, arnOf(getAtt[0])];
    }),
  );
}

function deployedDefinition(): { States: Record<string, TaskState> } {
  return JSON.parse(substituteDefinition(deployedDefinitionFile(), deployedSubstitutions()));
}

describe('the deployed proposal workflow', () => {
  it('is a Standard state machine deployed from the ASL file unchanged', () => {
    expect(stateMachine.Properties?.StateMachineType).toBe('STANDARD');
    expect(deployedDefinitionFile()).toBe(sourceAsl);
  });

  it('equals the ASL file with each Task placeholder replaced by the ARN of the function built from its module', () => {
    const expected = Object.fromEntries(
      Object.values(WORKFLOW_TASKS).map((task) => [
        task.arnSubstitution,
        arnOf(functionLogicalId(dev, task.entry)),
      ]),
    );
    const deployed = substituteDefinition(deployedDefinitionFile(), deployedSubstitutions());
    expect(deployed).not.toMatch(/\$\{[A-Za-z0-9_]+\}/);
    expect(JSON.parse(deployed)).toEqual(JSON.parse(substituteDefinition(sourceAsl, expected)));
  });

  it('runs every Task state on the function built from the module the local engine runs for that state', () => {
    const states = deployedDefinition().States;
    const taskStates = Object.entries(states).filter(([, s]) => s.Type === 'Task');
    expect(taskStates.map(([name]) => name).sort()).toEqual(Object.keys(WORKFLOW_TASKS).sort());
    for (const [name, state] of taskStates) {
      const entry = WORKFLOW_TASKS[name as WorkflowTaskState].entry;
      const invoked = LAMBDA_INTEGRATION.test(state.Resource ?? '')
        ? state.Parameters?.FunctionName
        : state.Resource;
      const logicalId = functionLogicalId(dev, entry);
      expect(invoked, name).toBe(arnOf(logicalId));
      const fn = dev.resources[logicalId];
      expect(fn?.Type).toBe('AWS::Lambda::Function');
      expect(fn?.Properties?.Description).toBe(`${entry} (workflow)`);
    }
  });

  it('logs every event, without execution data (task tokens), to a vended-logs group, and is traced', () => {
    const logging = stateMachine.Properties?.LoggingConfiguration as {
      Level: string;
      IncludeExecutionData: boolean;
      Destinations: { CloudWatchLogsLogGroup: { LogGroupArn: { 'Fn::GetAtt': [string, string] } } }[];
    };
    expect(logging.Level).toBe('ALL');
    expect(logging.IncludeExecutionData).toBe(false);
    const logGroupId = logging.Destinations[0]?.CloudWatchLogsLogGroup.LogGroupArn['Fn::GetAtt'][0] as string;
    expect(dev.resources[logGroupId]?.Properties?.LogGroupName).toBe(
      '/aws/vendedlogs/states/ikm-proposal-dev',
    );
    expect(dev.resources[logGroupId]?.Properties?.RetentionInDays).toBe(14);
    expect(stateMachine.Properties?.TracingConfiguration).toEqual({ Enabled: true });
  });

  it('may invoke exactly the task functions, by their unqualified ARNs', () => {
    const roleArn = stateMachine.Properties?.RoleArn as { 'Fn::GetAtt': [string, string] } | undefined;
    const role = roleArn?.['Fn::GetAtt'][0] ?? '';
    const lambdaStatements = statementsOfRole(dev, role).filter((s) =>
      actionsOf([s]).some((a) => a.startsWith('lambda:')),
    );
    expect(actionsOf(lambdaStatements)).toEqual(['lambda:InvokeFunction']);
    const resources = lambdaStatements.flatMap((s) => s.Resource as unknown[]);
    const taskFunctions = [
      ...new Set(Object.values(WORKFLOW_TASKS).map((t) => functionLogicalId(dev, t.entry))),
    ];
    expect(resources).toHaveLength(taskFunctions.length);
    expect(resources).toEqual(
      expect.arrayContaining(taskFunctions.map((id) => ({ 'Fn::GetAtt': [id, 'Arn'] }))),
    );
  });
});

describe('rights on the state machine', () => {
  /** The machine by reference, or (for task functions, which must not reference it) by its literal name. */
  const thisMachineByName = {
    'Fn::Join': [
      '',
      ['arn:aws:states:ap-southeast-3:', { Ref: 'AWS::AccountId' }, ':stateMachine:ikm-proposal-dev'],
    ],
  };
  const statesActionsOf = (entry: string) => {
    const statements = statementsOfRole(dev, roleOfFunction(dev, functionLogicalId(dev, entry)));
    const states = statements.filter((s) => actionsOf([s]).some((a) => a.startsWith('states:')));
    const isTask = Object.values(WORKFLOW_TASKS).some((t) => t.entry === entry);
    for (const s of states) expect(s.Resource).toEqual(isTask ? thisMachineByName : { Ref: stateMachineId });
    return actionsOf(states).sort();
  };

  it('give the request-approval task no Step Functions rights (a decision recorded before it waited ends the wait through the ASL)', () => {
    expect(statesActionsOf(WORKFLOW_TASKS.RequestApproval.entry)).toEqual([]);
  });

  it('let the approval action resume, fail or heartbeat tasks of this state machine only', () => {
    expect(statesActionsOf('functions/actions/approval-action.ts')).toEqual([
      'states:SendTaskFailure',
      'states:SendTaskHeartbeat',
      'states:SendTaskSuccess',
    ]);
  });

  it('let run-control start and stop executions of this state machine only, and no API handler', () => {
    const statements = statementsOfRole(
      dev,
      roleOfFunction(dev, functionLogicalId(dev, 'functions/runs/run-control.ts')),
    );
    const states = statements.filter((s) => actionsOf([s]).some((a) => a.startsWith('states:')));
    expect(actionsOf(states).sort()).toEqual(['states:StartExecution', 'states:StopExecution']);
    const starts = states.filter((s) => actionsOf([s]).includes('states:StartExecution'));
    expect(starts).toHaveLength(1);
    expect(actionsOf(starts)).toEqual(['states:StartExecution']);
    expect(starts[0]?.Resource).toEqual({ Ref: stateMachineId });
    for (const entry of [
      'functions/api/create-proposal.ts',
      'functions/api/create-revision.ts',
      'functions/api/retry-proposal.ts',
      'functions/api/withdraw-proposal.ts',
    ])
      expect(statesActionsOf(entry), entry).toEqual([]);
  });

  it('let run-control stop executions of this state machine only, and no other function', () => {
    const executionsOfThisMachine = {
      'Fn::Join': [
        '',
        ['arn:aws:states:ap-southeast-3:', { Ref: 'AWS::AccountId' }, ':execution:ikm-proposal-dev:*'],
      ],
    };
    for (const [id] of resourcesOfType(dev, 'AWS::Lambda::Function')) {
      const stops = statementsOfRole(dev, roleOfFunction(dev, id)).filter((s) =>
        actionsOf([s]).includes('states:StopExecution'),
      );
      if (id !== functionLogicalId(dev, 'functions/runs/run-control.ts')) {
        expect(stops, id).toEqual([]);
        continue;
      }
      expect(stops).toHaveLength(1);
      expect(actionsOf(stops)).toEqual(['states:StopExecution']);
      expect(stops[0]?.Resource).toEqual(executionsOfThisMachine);
    }
  });

  it('give no other task function any right on the state machine that runs it', () => {
    for (const task of Object.values(WORKFLOW_TASKS))
      if (task !== WORKFLOW_TASKS.RequestApproval)
        expect(statesActionsOf(task.entry), task.entry).toEqual([]);
  });
});
