import { join, resolve } from 'node:path';
import { functionEnvironment } from '../stack/function-environment.js';
import { type StageConfig, stageConfigSchema } from '../stage-config.js';

/**
 * The stage settings of the local stack, validated by the same schema as dev and prod. Local
 * addresses, so that no mail caught by the inbox could ever be mistaken for a real one.
 */
export const LOCAL_STAGE: StageConfig = stageConfigSchema.parse({
  name: 'local',
  mail: { fromAddress: 'noreply@disperin.local', fromName: 'Dinas Perindustrian Sulsel' },
  alarmEmail: 'admin@disperin.local',
  retainData: false,
  // Every local client is 127.0.0.1: the per-client limit of the link pages would count the whole
  // machine (tests, benchmarks) as one approver. Tests of the limit set it lower.
  api: { actionRequestsPerClientPerMinute: 100_000 },
});

const PROJECT_ROOT = resolve(import.meta.dirname, '../..');

export const LOCAL_REGION = 'ap-southeast-3';
export const LOCAL_TABLE_NAME = 'ikm-local';

export interface LocalEndpoints {
  publicBaseUrl: string;
  dynamoDb: string;
  stepFunctions: string;
  ses: string;
  stateMachineArn: string;
}

export interface LocalEnvironment {
  /** Where this stack's resources are: always this stack's, whatever the shell says. */
  fixed: Record<string, string>;
  /** Stage settings: a value a person or a test set beforehand wins (e.g. a short approval timeout). */
  defaults: Record<string, string>;
}

/**
 * The environment of every function, built by the one function that builds it for the CDK stack
 * (infra/stack/function-environment.ts) with the local resources in place of the deployed ones,
 * plus what Lambda itself provides: the region and credentials (dummy ones, which the stand-ins
 * accept), and the SDK's standard endpoint variables pointing at the stand-ins. Nothing in the
 * functions reads a variable that exists only locally.
 */
export function localEnvironment(endpoints: LocalEndpoints): LocalEnvironment {
  const resources = {
    tableName: LOCAL_TABLE_NAME,
    publicBaseUrl: endpoints.publicBaseUrl,
    sesConfigurationSet: 'ikm-local',
  };
  const { TABLE_NAME, PUBLIC_BASE_URL, SES_CONFIGURATION_SET, ...settings } = functionEnvironment({
    config: LOCAL_STAGE,
    ...resources,
  });
  return {
    fixed: {
      TABLE_NAME: TABLE_NAME ?? resources.tableName,
      PUBLIC_BASE_URL: PUBLIC_BASE_URL ?? resources.publicBaseUrl,
      SES_CONFIGURATION_SET: SES_CONFIGURATION_SET ?? resources.sesConfigurationSet,
      // The HTTP functions get it from the stack; the steps never read it.
      STATE_MACHINE_ARN: endpoints.stateMachineArn,
      AWS_REGION: LOCAL_REGION,
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamoDb,
      AWS_ENDPOINT_URL_SFN: endpoints.stepFunctions,
      AWS_ENDPOINT_URL_SES: endpoints.ses,
      // The static-files function's: the built web files, and no Cognito (people sign in at /_local/sign-in).
      STATIC_ROOT: join(PROJECT_ROOT, 'build/static'),
      COGNITO_DOMAIN: '',
      COGNITO_CLIENT_ID: '',
    },
    // Development mode (functions/adapters/structured-logger.ts, emf-metrics.ts): indented log lines
    // in the terminal, and no EMF metric lines.
    defaults: { ...settings, POWERTOOLS_DEV: 'true' },
  };
}
