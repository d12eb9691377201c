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
};
