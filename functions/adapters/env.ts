import * as z from 'zod/mini';
import '../domain/validation-locale.js';

/**
 * Configuration comes only from environment variables, set by the CDK stack on AWS and by
 * infra/local/ locally. Where the AWS SDK clients connect is not read here: locally the standard
 * AWS_ENDPOINT_URL_<SERVICE> variables point the SDK itself at the stand-ins, so no code path in
 * the functions exists for local runs only. Each reader parses just what its caller needs, once, and fails with the
 * variable's name when it is missing, so a misconfigured function dies at its first call.
 */
const cache = new Map<string, unknown>();

/** A value that may be empty: "" reads as undefined (e.g. no Cognito on the local stack). */
const optionalText = z.pipe(
  z._default(z.string(), ''),
  z.transform((s) => (s === '' ? undefined : s)),
);

function read<T>(name: string, schema: z.core.$ZodType<T>): T {
  if (cache.has(name)) return cache.get(name) as T;
  const parsed = z.safeParse(schema, process.env[name]);
  if (!parsed.success) {
    throw new Error(`Environment variable ${name} is missing or invalid: ${parsed.error.issues[0]?.message}`);
  }
  cache.set(name, parsed.data);
  return parsed.data;
}

// Number() then the checks is what z.coerce.number() does; reaching z.coerce would put every
// coercing schema (bigint, boolean, date) into each bundle.
const positiveInt = (fallback: number) =>
  z._default(z.pipe(z.transform(Number), z.int().check(z.positive())), fallback);

export const env = {
  tableName: () => read('TABLE_NAME', z.string().check(z.minLength(3))),
  region: () => read('AWS_REGION', z._default(z.string(), 'ap-southeast-3')),
  stateMachineArn: () => read('STATE_MACHINE_ARN', z.string().check(z.startsWith('arn:'))),
  /** Base of the links in emails, e.g. https://ikm.example.go.id (no trailing slash). */
  publicBaseUrl: () =>
    read(
      'PUBLIC_BASE_URL',
      z.pipe(
        z.url(),
        z.transform((u) => u.replace(/\/+$/, '')),
      ),
    ),
  mailFrom: () => read('MAIL_FROM', z.string().check(z.minLength(3))),
  sesConfigurationSet: () => read('SES_CONFIGURATION_SET', z.optional(z.string())),
  /**
   * Folder of the built web files (app, docs page, OpenAPI document): on AWS `static/` in the
   * function's bundle, locally the project's `build/static`.
   */
  staticRoot: () => read('STATIC_ROOT', z.string().check(z.minLength(1))),
  /** Cognito's managed login for the web app (https://<prefix>.auth.<region>.amazoncognito.com); empty locally. */
  cognitoDomain: () => read('COGNITO_DOMAIN', optionalText),
  cognitoClientId: () => read('COGNITO_CLIENT_ID', optionalText),
  /** How old an unfinished item must be before the sweep finishes it (the request may still be doing it). */
  sweepGraceSeconds: () => read('SWEEP_GRACE_SECONDS', positiveInt(60)),
  /** Requests one client may make to the /actions pages in a minute before it is asked to wait. */
  actionRequestsPerClientPerMinute: () => read('ACTION_REQUESTS_PER_CLIENT_PER_MINUTE', positiveInt(30)),
};

/** For tests that change the environment between cases. */
export function resetEnvCache(): void {
  cache.clear();
}
