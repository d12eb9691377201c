import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { buildApp } from '../../infra/stack/build-app.js';
import { PROJECT_ROOT } from '../../infra/stack/ikm-proposal-stack.js';
import type { CfnResource } from './idle-cost.js';

/**
 * The resources of a stage's template as `cdk synth --context stage=<stage>` writes them, offline:
 * the same app, cdk.json's feature flags, cdk-nag included, without esbuild (bundling changes no
 * billed resource).
 */
export function synthesizedResources(stage: string): Record<string, CfnResource> {
  const context = (
    JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'cdk.json'), 'utf8')) as { context: object }
  ).context;
  const { app, stack } = buildApp({ context: { ...context, stage, 'aws:cdk:bundling-stacks': [] } });
  const template = app.synth().getStackArtifact(stack.artifactId).template as {
    Resources: Record<string, CfnResource>;
  };
  return template.Resources;
}
