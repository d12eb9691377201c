import { z } from 'zod';

/**
 * Deployment stages and their settings. `cdk synth|deploy --context stage=<name>` selects one;
 * the values below are the defaults an operator edits before the first deploy (docs/deployment.md).
 * Everything is validated here, so a typo fails the synth with the field's name instead of
 * producing a stack that deploys and then mails nobody.
 */

/** Log retention periods CloudWatch Logs accepts (days). */
const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

const email = z.email();
const throttle = z.object({
  /** Steady requests per second. */
  rateLimit: z.number().positive(),
  /** Short bursts above the rate. */
  burstLimit: z.number().int().positive(),
});

export const stageConfigSchema = z
  .object({
    /** Short name used in resource names: ikm-<name>-… */
    name: z.string().regex(/^[a-z][a-z0-9-]{1,11}$/),
    /** Jakarta by default: the nearest region to Makassar. */
    region: z
      .string()
      .regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/)
      .default('ap-southeast-3'),
    /** Optional pin; without it the stack deploys to the account of the caller's credentials. */
    account: z
      .string()
      .regex(/^\d{12}$/)
      .optional(),
    mail: z.object({
      /** Sender address of every email (approval requests, notices). */
      fromAddress: email,
      /** Display name shown with the sender address. */
      // SES takes a non-ASCII display name only RFC 2047-encoded; plain ASCII avoids that trap.
      fromName: z
        .string()
        .regex(/^[\x20-\x7E]+$/, 'printable ASCII only')
        .refine((n) => !/[<>"]/.test(n), 'no <, > or "')
        .optional(),
      /**
       * The SES identity that covers the sender: a domain or an email address. Defaults to the
       * sender's domain.
       */
      identity: z.string().min(3).optional(),
      /** false when the identity already exists in the account (created by hand or another stack). */
      createIdentity: z.boolean().default(true),
      /**
       * While the account is in the SES sandbox, SES also authorises each recipient's identity, so
       * the functions may send only to these verified addresses (besides the sender identity).
       */
      sandboxRecipients: z.array(email).default([]),
    }),
    /** Address of the admins who receive the alarms (an SNS email subscription). */
    alarmEmail: email,
    /** Without it, links in emails point at the API's execute-api URL. */
    customDomain: z
      .object({
        domainName: z.string().regex(/^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$/),
        /** ACM certificate for domainName, in the stage's region (a regional API endpoint). */
        certificateArn: z.string().regex(/^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]+$/),
      })
      .optional(),
    logRetentionDays: z
      .number()
      .refine((d) => (LOG_RETENTION_DAYS as readonly number[]).includes(d), {
        message: `must be one of ${LOG_RETENTION_DAYS.join(', ')}`,
      })
      .default(30),
    /** prod: deletion protection, RETAIN on the table, user pool and logs, termination protection. */
    retainData: z.boolean(),
    /** Seed the sample budget pools of data/budget-pools/ with the deploy (test stages only). */
    seedSamplePools: z.boolean().default(false),
    api: z
      .object({
        /** Every route of the stage. */
        throttle: throttle.default({ rateLimit: 50, burstLimit: 100 }),
        /**
         * The public /actions routes, all clients together: a generous ceiling, since one bucket for
         * everyone lets one client starve the rest; the per-client limit below does the fair part.
         */
        publicRouteThrottle: throttle.default({ rateLimit: 25, burstLimit: 50 }),
        /** Requests one client (by address) may make to the /actions pages per minute (429 above). */
        actionRequestsPerClientPerMinute: z.number().int().positive().default(30),
      })
      .default({
        throttle: { rateLimit: 50, burstLimit: 100 },
        publicRouteThrottle: { rateLimit: 25, burstLimit: 50 },
        actionRequestsPerClientPerMinute: 30,
      }),
  })
  .superRefine((config, ctx) => {
    const identity = sesIdentityOf(config);
    const senderDomain = domainOf(config.mail.fromAddress);
    const covered = identity.includes('@')
      ? identity === config.mail.fromAddress
      : senderDomain === identity || senderDomain.endsWith(`.${identity}`);
    if (!covered) {
      ctx.addIssue({
        code: 'custom',
        path: ['mail', 'identity'],
        message: `"${identity}" does not cover the sender ${config.mail.fromAddress}`,
      });
    }
  });

export type StageConfigInput = z.input<typeof stageConfigSchema>;
export type StageConfig = z.output<typeof stageConfigSchema>;

const OFFICE_DOMAIN = 'disperin.sulselprov.go.id';

/** Default settings per stage. Replace the addresses with the office's real ones before deploying. */
export const STAGES = {
  dev: {
    name: 'dev',
    mail: {
      fromAddress: `ikm-dev@${OFFICE_DOMAIN}`,
      fromName: 'Sistem Usulan IKM (uji coba)',
      sandboxRecipients: [`kabid.ikm@${OFFICE_DOMAIN}`, `kadis@${OFFICE_DOMAIN}`],
    },
    alarmEmail: `admin.ikm@${OFFICE_DOMAIN}`,
    logRetentionDays: 14,
    retainData: false,
    seedSamplePools: true,
  },
  prod: {
    name: 'prod',
    mail: {
      fromAddress: `ikm@${OFFICE_DOMAIN}`,
      fromName: 'Dinas Perindustrian Provinsi Sulawesi Selatan',
    },
    alarmEmail: `admin.ikm@${OFFICE_DOMAIN}`,
    logRetentionDays: 365,
    retainData: true,
  },
} satisfies Record<string, StageConfigInput>;

export type StageName = keyof typeof STAGES;
export const STAGE_NAMES = Object.keys(STAGES) as StageName[];

/** Thrown for an unknown stage or invalid settings; the message names the field. */
export class StageConfigError extends Error {
  override readonly name = 'StageConfigError';
}

function isStageName(name: string): name is StageName {
  return Object.hasOwn(STAGES, name);
}

/**
 * The validated settings of one stage. `overrides` (tests, one-off deploys) are merged over the
 * defaults one level deep, so `{ mail: { fromAddress } }` keeps the other mail settings.
 */
export function loadStageConfig(name: string, overrides: Partial<StageConfigInput> = {}): StageConfig {
  if (!isStageName(name)) {
    throw new StageConfigError(`Unknown stage "${name}". Use --context stage=<${STAGE_NAMES.join('|')}>.`);
  }
  const defaults: StageConfigInput = STAGES[name];
  const merged: Record<string, unknown> = { ...defaults };
  for (const [key, value] of Object.entries(overrides)) {
    const base = merged[key];
    merged[key] = isPlainObject(base) && isPlainObject(value) ? { ...base, ...value } : value;
  }
  const parsed = stageConfigSchema.safeParse(merged);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`)
      .join('\n');
    throw new StageConfigError(`Invalid settings for stage "${name}":\n${problems}`);
  }
  return parsed.data;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1);
}

/** The SES identity that covers the sender address: the configured one, else the sender's domain. */
export function sesIdentityOf(config: Pick<StageConfig, 'mail'>): string {
  return config.mail.identity ?? domainOf(config.mail.fromAddress);
}

/** The From header value the functions send with (MAIL_FROM). */
export function mailFromOf(config: StageConfig): string {
  return config.mail.fromName
    ? `${config.mail.fromName} <${config.mail.fromAddress}>`
    : config.mail.fromAddress;
}
