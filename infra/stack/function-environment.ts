import { METRICS_NAMESPACE, serviceNameOf } from '../../functions/adapters/metric-names.js';
import { mailFromOf, type StageConfig } from '../stage-config.js';

export interface FunctionEnvironmentInput {
  config: StageConfig;
  tableName: string;
  publicBaseUrl: string;
  sesConfigurationSet: string;
}

/**
 * The variables every function reads through functions/adapters/env.ts, as the stack sets them.
 * STATE_MACHINE_ARN is added to the HTTP handlers only: a task function pointing at the machine
 * that invokes it would make the machine depend on itself. AWS_REGION comes from Lambda.
 */
export function functionEnvironment(input: FunctionEnvironmentInput): Record<string, string> {
  const { config } = input;
  return {
    TABLE_NAME: input.tableName,
    PUBLIC_BASE_URL: input.publicBaseUrl,
    MAIL_FROM: mailFromOf(config),
    SES_CONFIGURATION_SET: input.sesConfigurationSet,
    ACTION_REQUESTS_PER_CLIENT_PER_MINUTE: String(config.api.actionRequestsPerClientPerMinute),
    // The logs' `service` key and the metrics' dimension (functions/adapters/observability.ts; the
    // variable names are Powertools', whose line shapes the adapters keep).
    POWERTOOLS_SERVICE_NAME: serviceNameOf(config.name),
    POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
  };
}
