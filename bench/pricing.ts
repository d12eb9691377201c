/**
 * AWS list prices used to turn the per-proposal counts into a cost per 1,000 proposals in
 * ap-southeast-3 (Asia Pacific, Jakarta). Read on 2026-11-28 from the stored copies of the AWS
 * pricing pages named beside each constant. They are list prices in USD before tax, without the
 * free tiers, and AWS changes them: check the pages before quoting a figure.
 *
 * The Jakarta rows of the Step Functions, DynamoDB and SES tables are rendered client-side and were
 * not in the stored page text; where that is so the constant is the base (US East) list price and
 * says so in `region`. Jakarta often costs the same or slightly more.
 */
export interface Price {
  usd: number;
  per: string;
  source: string;
  region: string;
}

/** Standard workflows bill every state entered, retries included. */
export const STEP_FUNCTIONS_STANDARD_PER_TRANSITION: Price = {
  usd: 0.025 / 1000,
  per: 'state transition',
  source: 'https://aws.amazon.com/step-functions/pricing/ ($0.025 per 1,000 state transitions)',
  region: 'base price; the Jakarta row was not in the stored page',
};

export const LAMBDA_PER_REQUEST: Price = {
  usd: 0.2 / 1_000_000,
  per: 'request',
  source: 'https://aws.amazon.com/lambda/pricing/ ($0.20 per 1M requests)',
  region: 'same in ap-southeast-3',
};

/** arm64 (Graviton), first tier; the stack deploys every function as ARM_64 with 512 MB. */
export const LAMBDA_ARM64_PER_GB_SECOND: Price = {
  usd: 0.0000133334,
  per: 'GB-second',
  source:
    'https://aws.amazon.com/lambda/pricing/ (Arm price, first 7.5 billion GB-s/month); ap-southeast-3 value as in the ' +
    'AWS Price List table of janritter/aws-lambda-live-tuner (cost/lambda.go)',
  region: 'ap-southeast-3',
};

/** On-demand, Standard table class, after the November 2024 on-demand price reduction. */
export const DYNAMODB_ON_DEMAND_PER_WRITE_REQUEST_UNIT: Price = {
  usd: 0.625 / 1_000_000,
  per: 'write request unit',
  source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/ ($0.625 per million WRU)',
  region: 'base price; the Jakarta row was not in the stored page',
};

export const DYNAMODB_ON_DEMAND_PER_READ_REQUEST_UNIT: Price = {
  usd: 0.125 / 1_000_000,
  per: 'read request unit',
  source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/ ($0.125 per million RRU)',
  region: 'base price; the Jakarta row was not in the stored page',
};

export const SES_PER_OUTBOUND_EMAIL: Price = {
  usd: 0.1 / 1000,
  per: 'outbound email',
  source: 'https://aws.amazon.com/ses/pricing/ ($0.10 per 1,000 outbound emails)',
  region: 'same in every region',
};

// --- Idle prices: what a deployed stage costs per month while no proposal moves (bench/cost/idle-cost.ts).

/** A standard-resolution metric alarm (each alarm of the stack watches one metric directly). */
export const CLOUDWATCH_STANDARD_ALARM_PER_MONTH: Price = {
  usd: 0.1,
  per: 'alarm-month',
  source: 'https://aws.amazon.com/cloudwatch/pricing/ ($0.10 per standard-resolution alarm metric per month)',
  region: 'base price; the Jakarta row was not in the stored page',
};

export const CLOUDWATCH_DASHBOARD_PER_MONTH: Price = {
  usd: 3,
  per: 'dashboard-month',
  source: 'https://aws.amazon.com/cloudwatch/pricing/ ($3.00 per dashboard per month)',
  region: 'base price; the Jakarta row was not in the stored page',
};

export const CLOUDWATCH_LOGS_INGESTION_PER_GB: Price = {
  usd: 0.5,
  per: 'GB ingested',
  source: 'https://aws.amazon.com/cloudwatch/pricing/ (Logs, Standard class: $0.50 per GB collected)',
  region: 'base price; the Jakarta row was not in the stored page',
};

export const CLOUDWATCH_LOGS_STORAGE_PER_GB_MONTH: Price = {
  usd: 0.03,
  per: 'GB-month stored',
  source: 'https://aws.amazon.com/cloudwatch/pricing/ (Logs: $0.03 per GB archived per month)',
  region: 'base price; the Jakarta row was not in the stored page',
};

export const XRAY_PER_TRACE_RECORDED: Price = {
  usd: 5 / 1_000_000,
  per: 'trace recorded',
  source: 'https://aws.amazon.com/xray/pricing/ ($5.00 per 1 million traces recorded)',
  region: 'base price; the Jakarta row was not in the stored page',
};

export const DYNAMODB_STORAGE_PER_GB_MONTH: Price = {
  usd: 0.25,
  per: 'GB-month stored (indexes included)',
  source: 'https://aws.amazon.com/dynamodb/pricing/ (data storage from $0.25 per GB-month)',
  region: 'base price; the Jakarta row was not in the stored page',
};

/** Point-in-time recovery (continuous backups), billed on the table's size. */
export const DYNAMODB_PITR_PER_GB_MONTH: Price = {
  usd: 0.2,
  per: 'GB-month of table size',
  source:
    'https://aws.amazon.com/dynamodb/pricing/on-demand/ (continuous backups (PITR): $0.20 per GB-month)',
  region: 'base price; the Jakarta row was not in the stored page',
};

/** The user pool is on the Plus feature plan (threat protection); billed per monthly active user. */
export const COGNITO_PLUS_PER_MAU: Price = {
  usd: 0.02,
  per: 'monthly active user',
  source: 'https://aws.amazon.com/cognito/pricing/ (Plus feature plan: $0.02 per MAU)',
  region: 'base price; the Jakarta row was not in the stored page',
};

/** A customer managed key; the stack uses AWS owned keys today, so it counts none. */
export const KMS_CUSTOMER_MANAGED_KEY_PER_MONTH: Price = {
  usd: 1,
  per: 'key-month',
  source: 'https://aws.amazon.com/kms/pricing/ ($1 per customer managed key per month)',
  region: 'same in ap-southeast-3',
};

/** Scheduled rules on the default event bus deliver their events without a charge. */
export const EVENTBRIDGE_SCHEDULED_RULE_EVENT: Price = {
  usd: 0,
  per: 'scheduled event',
  source: 'https://aws.amazon.com/eventbridge/pricing/ (no charge for events from scheduled rules)',
  region: 'same in every region',
};

/** The deployed function size (infra/stack/functions.ts: memorySize 512). */
export const LAMBDA_MEMORY_MB = 512;

export interface PerProposalUsage {
  stateTransitions: number;
  lambdaInvocations: number;
  /** Sum over the invocations of each one's duration rounded up to 1 ms, as Lambda bills. */
  lambdaBilledMs: number;
  writeRequestUnits: number;
  readRequestUnits: number;
  emails: number;
}

export interface CostPer1000 {
  stepFunctions: number;
  lambdaRequests: number;
  lambdaDuration: number;
  dynamoDbWrites: number;
  dynamoDbReads: number;
  ses: number;
  total: number;
}

export function costPer1000Proposals(u: PerProposalUsage, memoryMb = LAMBDA_MEMORY_MB): CostPer1000 {
  const n = 1000;
  const gbSeconds = (u.lambdaBilledMs / 1000) * (memoryMb / 1024);
  const cost = {
    stepFunctions: n * u.stateTransitions * STEP_FUNCTIONS_STANDARD_PER_TRANSITION.usd,
    lambdaRequests: n * u.lambdaInvocations * LAMBDA_PER_REQUEST.usd,
    lambdaDuration: n * gbSeconds * LAMBDA_ARM64_PER_GB_SECOND.usd,
    dynamoDbWrites: n * u.writeRequestUnits * DYNAMODB_ON_DEMAND_PER_WRITE_REQUEST_UNIT.usd,
    dynamoDbReads: n * u.readRequestUnits * DYNAMODB_ON_DEMAND_PER_READ_REQUEST_UNIT.usd,
    ses: n * u.emails * SES_PER_OUTBOUND_EMAIL.usd,
  };
  return { ...cost, total: Object.values(cost).reduce((a, b) => a + b, 0) };
}

export const PRICES = {
  STEP_FUNCTIONS_STANDARD_PER_TRANSITION,
  LAMBDA_PER_REQUEST,
  LAMBDA_ARM64_PER_GB_SECOND,
  DYNAMODB_ON_DEMAND_PER_WRITE_REQUEST_UNIT,
  DYNAMODB_ON_DEMAND_PER_READ_REQUEST_UNIT,
  SES_PER_OUTBOUND_EMAIL,
  CLOUDWATCH_STANDARD_ALARM_PER_MONTH,
  CLOUDWATCH_DASHBOARD_PER_MONTH,
  CLOUDWATCH_LOGS_INGESTION_PER_GB,
  CLOUDWATCH_LOGS_STORAGE_PER_GB_MONTH,
  XRAY_PER_TRACE_RECORDED,
  DYNAMODB_STORAGE_PER_GB_MONTH,
  DYNAMODB_PITR_PER_GB_MONTH,
  COGNITO_PLUS_PER_MAU,
  EVENTBRIDGE_SCHEDULED_RULE_EVENT,
  KMS_CUSTOMER_MANAGED_KEY_PER_MONTH,
};
