import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { loadStageConfig } from '../stage-config.js';
import { parseAdminArgs, USAGE, UsageError } from './args.js';
import { AdminError, resourcesFromOutputs, runAdminCommand } from './commands.js';

/**
 * `npm run admin -- --stage dev <command>`: the day-to-day administration of a deployed stage
 * (people, reference data, retries) with the operator's own AWS credentials. See USAGE.
 */
async function main(argv: readonly string[]): Promise<number> {
  const invocation = parseAdminArgs(argv);
  if (invocation.command.kind === 'help') {
    console.log(USAGE);
    return 0;
  }
  if (invocation.profile) process.env.AWS_PROFILE = invocation.profile;
  const config = loadStageConfig(invocation.stage);
  const region = config.region;
  const stackName = `IkmProposal-${config.name}`;

  const cloudFormation = new CloudFormationClient({ region });
  const described = await cloudFormation
    .send(new DescribeStacksCommand({ StackName: stackName }))
    .catch((error) => {
      throw new AdminError(
        `Stack ${stackName} di ${region} tidak dapat dibaca (${error instanceof Error ? error.message : String(error)}); ` +
          'sudah di-deploy, dan apakah kredensial AWS (--profile) benar?',
      );
    });
  const resources = resourcesFromOutputs(stackName, described.Stacks?.[0]?.Outputs ?? []);

  await runAdminCommand(invocation.command, {
    resources,
    cognito: new CognitoIdentityProviderClient({ region }),
    lambda: new LambdaClient({ region }),
    fetch,
    samplePools: config.seedSamplePools,
    ...(process.env.IKM_ID_TOKEN ? { idToken: process.env.IKM_ID_TOKEN } : {}),
    print: (line) => console.log(line),
  });
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n\n${USAGE}`);
      process.exit(2);
    }
    console.error(error instanceof Error && error.name !== 'Error' ? error.message : String(error));
    process.exit(1);
  },
);
