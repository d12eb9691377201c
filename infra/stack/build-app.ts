import { App, type AppProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { loadStageConfig, type StageConfigInput } from '../stage-config.js';
import { IkmProposalStack } from './ikm-proposal-stack.js';

/** Without `--context stage=…` the app builds the dev stage. */
export const DEFAULT_STAGE = 'dev';

/**
 * The CDK app: the stack of the stage chosen by the `stage` context, checked by cdk-nag's
 * AwsSolutions pack, which fails the synth on any finding not acknowledged in the code.
 * `overrides` replace stage settings (tests, one-off variants); the CLI passes none.
 */
export function buildApp(
  props: AppProps = {},
  overrides: Partial<StageConfigInput> = {},
): { app: App; stack: IkmProposalStack } {
  const app = new App(props);
  const config = loadStageConfig(String(app.node.tryGetContext('stage') ?? DEFAULT_STAGE), overrides);
  const stack = new IkmProposalStack(app, `IkmProposal-${config.name}`, { config });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}
