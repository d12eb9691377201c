import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { buildApp } from '../../infra/stack/build-app.js';
import { type IkmProposalStack, PROJECT_ROOT } from '../../infra/stack/ikm-proposal-stack.js';
import type { StageConfigInput } from '../../infra/stage-config.js';

/** A CloudFormation resource as it appears in a synthesized template. */
export interface CfnResource {
  Type: string;
  Properties?: Record<string, unknown>;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
  DependsOn?: string[];
}

export interface SynthesizedStage {
  app: App;
  stack: IkmProposalStack;
  template: Template;
  resources: Record<string, CfnResource>;
  /** The cloud assembly directory (templates, asset manifest, staged assets). */
  assemblyDir: string;
}

/** The feature flags of cdk.json, so that tests synthesize what the CLI synthesizes. */
const CDK_JSON_CONTEXT = (
  JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'cdk.json'), 'utf8')) as { context: object }
).context;

/**
 * The app exactly as `cdk synth --context stage=<stage>` builds it (cdk-nag included, so the synth
 * throws on an unacknowledged finding), minus esbuild: bundling is covered by synth-cli.test.ts.
 */
export function synthesizeStage(stage: string, overrides: Partial<StageConfigInput> = {}): SynthesizedStage {
  const { app, stack } = buildApp(
    { context: { ...CDK_JSON_CONTEXT, stage, 'aws:cdk:bundling-stacks': [] } },
    overrides,
  );
  const assembly = app.synth();
  const json = assembly.getStackArtifact(stack.artifactId).template as {
    Resources: Record<string, CfnResource>;
  };
  return {
    app,
    stack,
    template: Template.fromJSON(json),
    resources: json.Resources,
    assemblyDir: assembly.directory,
  };
}

export function resourcesOfType(stage: SynthesizedStage, type: string): [string, CfnResource][] {
  return Object.entries(stage.resources).filter(([, r]) => r.Type === type);
}

/** Logical id of the Lambda function the stack built from a handler module. */
export function functionLogicalId(stage: SynthesizedStage, entry: string): string {
  const { fn } = stage.stack.functions.forEntry(entry);
  return stage.stack.getLogicalId(fn.node.defaultChild as CfnFunction);
}

export interface PolicyStatementJson {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

/** Every statement of the inline policies attached to a role, by the role's logical id. */
export function statementsOfRole(stage: SynthesizedStage, roleLogicalId: string): PolicyStatementJson[] {
  return resourcesOfType(stage, 'AWS::IAM::Policy')
    .filter(([, p]) => {
      const roles = (p.Properties?.Roles ?? []) as unknown[];
      return roles.some((r) => JSON.stringify(r) === JSON.stringify({ Ref: roleLogicalId }));
    })
    .flatMap(
      ([, p]) =>
        (p.Properties?.PolicyDocument as { Statement: PolicyStatementJson[] } | undefined)?.Statement ?? [],
    );
}

export function roleOfFunction(stage: SynthesizedStage, functionLogicalId: string): string {
  const role = stage.resources[functionLogicalId]?.Properties?.Role as { 'Fn::GetAtt': [string, string] };
  return role['Fn::GetAtt'][0];
}

export function actionsOf(statements: PolicyStatementJson[]): string[] {
  return statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
}
