/**
 * The monthly cost of a deployed stage while no proposal moves, counted from its synthesized
 * template: every resource that bills by the month or by a schedule, priced with bench/pricing.ts.
 * Usage-driven costs (a proposal's transitions, invocations, reads and writes, mail) are the
 * e2e bench's cost per 1,000 proposals; this is what is paid before the first one.
 */
import {
  CLOUDWATCH_DASHBOARD_PER_MONTH,
  CLOUDWATCH_LOGS_INGESTION_PER_GB,
  CLOUDWATCH_LOGS_STORAGE_PER_GB_MONTH,
  CLOUDWATCH_STANDARD_ALARM_PER_MONTH,
  COGNITO_PLUS_PER_MAU,
  DYNAMODB_ON_DEMAND_PER_READ_REQUEST_UNIT,
  DYNAMODB_PITR_PER_GB_MONTH,
  DYNAMODB_STORAGE_PER_GB_MONTH,
  KMS_CUSTOMER_MANAGED_KEY_PER_MONTH,
  LAMBDA_ARM64_PER_GB_SECOND,
  LAMBDA_PER_REQUEST,
  type Price,
  XRAY_PER_TRACE_RECORDED,
} from '../pricing.js';

/** A CloudFormation resource as it appears in a synthesized template. */
export interface CfnResource {
  Type: string;
  Properties?: Record<string, unknown>;
}

/** One run of a scheduled function that finds nothing to do, as assumed. */
export interface IdleRunAssumptions {
  /** Billed duration of the run. */
  billedMs: number;
  /** Queries the run makes, each eventually consistent and under 4 KB: 0.5 RRU. */
  queriesPerRun: number;
  /** Log bytes of the run: Lambda's START, END and REPORT lines (no line of its own). */
  logBytesPerRun: number;
  /** The safety feature its runs pay for, when they are one. */
  safetyFeature?: string;
  /** How its runs could be cheaper, and what that would give up. */
  cheaper?: string;
}

/** What cannot be read from the template; each figure says which it assumed. */
export interface IdleAssumptions {
  /** Table size, indexes included (DynamoDB bills storage and PITR on it). */
  tableSizeGb: number;
  /**
   * Each schedule's idle run, by the rule's logical id without its hash (e.g. SweepSchedule). A
   * schedule with no entry here fails the count rather than being counted as free.
   */
  idleRuns: Readonly<Record<string, IdleRunAssumptions>>;
  /** Users who sign in during the month (Cognito bills monthly active users). */
  monthlyActiveUsers: number;
  daysPerMonth: number;
}

export const IDLE_ASSUMPTIONS: IdleAssumptions = {
  tableSizeGb: 1,
  idleRuns: {
    // functions/maintenance/sweep.ts: run markers, undelivered decisions, pools to fund and pending
    // mail, four empty queries on GSI3.
    SweepSchedule: {
      billedMs: 100,
      queriesPerRun: 4,
      logBytesPerRun: 600,
      safetyFeature: 'the sweep that finishes what a crash left',
      cheaper: 'every 5 minutes would cost a fifth, and leave a crashed run up to 5 minutes unstarted',
    },
    // functions/rounds/round-reminders.ts: the planning rounds, a few small items; nothing else
    // while no round's reminder is due.
    RoundRemindersSchedule: {
      billedMs: 100,
      queriesPerRun: 1,
      logBytesPerRun: 600,
      cheaper: 'daily would cost a 24th, and mail a reminder up to a day after its moment',
    },
  },
  monthlyActiveUsers: 0,
  daysPerMonth: 30,
};

/** The billed-while-idle resources of one template. */
export interface IdleInventory {
  standardAlarms: number;
  /** Of all alarms, those on one function's metric (AWS/Lambda namespace). */
  perFunctionAlarms: number;
  /** Alarms at a period under 60 s (billed as high resolution; priced at 3× a standard one). */
  highResolutionAlarms: number;
  dashboards: number;
  logGroups: Array<{ id: string; retentionDays: number | undefined }>;
  schedules: Array<{
    id: string;
    everyMinutes: number;
    targetFunction: string;
    memoryMb: number;
    tracing: boolean;
    /** The target's log group (its LoggingConfig), for the retention of what it logs. */
    logGroup: string | undefined;
  }>;
  tables: Array<{ id: string; onDemand: boolean; pitr: boolean }>;
  userPools: Array<{ id: string; tier: string }>;
  kmsKeys: number;
  customResources: number;
  /** Functions with active X-Ray tracing (billed per trace: only the scheduled ones run while idle). */
  tracedFunctions: number;
}

const LAMBDA_DEFAULT_MEMORY_MB = 128;

export function inventoryOf(resources: Record<string, CfnResource>): IdleInventory {
  const entries = Object.entries(resources);
  const ofType = (type: string) => entries.filter(([, r]) => r.Type === type);
  const alarmResources = ofType('AWS::CloudWatch::Alarm');
  const alarms = alarmResources.map(([, r]) => Number(r.Properties?.Period ?? 60));
  const functionOf = (id: string) => resources[id]?.Properties ?? {};
  return {
    standardAlarms: alarms.filter((period) => period >= 60).length,
    highResolutionAlarms: alarms.filter((period) => period < 60).length,
    perFunctionAlarms: alarmResources.filter(([, r]) => r.Properties?.Namespace === 'AWS/Lambda').length,
    dashboards: ofType('AWS::CloudWatch::Dashboard').length,
    logGroups: ofType('AWS::Logs::LogGroup').map(([id, r]) => ({
      id,
      retentionDays: r.Properties?.RetentionInDays as number | undefined,
    })),
    schedules: ofType('AWS::Events::Rule')
      .filter(([, r]) => typeof r.Properties?.ScheduleExpression === 'string')
      .flatMap(([id, r]) => {
        const everyMinutes = minutesOf(String(r.Properties?.ScheduleExpression));
        const targets = (r.Properties?.Targets ?? []) as Array<{ Arn?: { 'Fn::GetAtt'?: [string, string] } }>;
        // The logical id without CDK's hash suffix, e.g. SweepSchedule.
        const name = id.replace(/[0-9A-F]{8}$/, '');
        return targets.map((t) => {
          const targetFunction = t.Arn?.['Fn::GetAtt']?.[0] ?? '?';
          const fn = functionOf(targetFunction);
          return {
            id: name,
            everyMinutes,
            targetFunction,
            memoryMb: Number(fn.MemorySize ?? LAMBDA_DEFAULT_MEMORY_MB),
            tracing: (fn.TracingConfig as { Mode?: string } | undefined)?.Mode === 'Active',
            logGroup: (fn.LoggingConfig as { LogGroup?: { Ref?: string } } | undefined)?.LogGroup?.Ref,
          };
        });
      }),
    tables: ofType('AWS::DynamoDB::Table').map(([id, r]) => ({
      id,
      onDemand: r.Properties?.BillingMode === 'PAY_PER_REQUEST',
      pitr:
        (
          r.Properties?.PointInTimeRecoverySpecification as
            | { PointInTimeRecoveryEnabled?: boolean }
            | undefined
        )?.PointInTimeRecoveryEnabled === true,
    })),
    userPools: ofType('AWS::Cognito::UserPool').map(([id, r]) => ({
      id,
      tier: String(r.Properties?.UserPoolTier ?? 'ESSENTIALS'),
    })),
    kmsKeys: ofType('AWS::KMS::Key').length,
    customResources: entries.filter(([, r]) => r.Type.startsWith('Custom::')).length,
    tracedFunctions: ofType('AWS::Lambda::Function').filter(
      ([, r]) => (r.Properties?.TracingConfig as { Mode?: string } | undefined)?.Mode === 'Active',
    ).length,
  };
}

/** `rate(1 minute)`, `rate(5 minutes)`, `rate(2 hours)`, `rate(1 day)`; a cron expression is not counted here. */
function minutesOf(expression: string): number {
  const rate = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expression);
  if (!rate) throw new Error(`schedule not counted: ${expression} (only rate() expressions are)`);
  const n = Number(rate[1]);
  const unit = rate[2] ?? 'minute';
  return unit.startsWith('minute') ? n : unit.startsWith('hour') ? n * 60 : n * 1440;
}

export interface IdleCostItem {
  key: string;
  label: string;
  /** How many billed units a month (alarms, GB, invocations…). */
  quantity: number;
  unit: string;
  usd: number;
  /** The safety feature this item pays for, when it is one. */
  safetyFeature?: string;
  /** How it could be cheaper, and what that would give up. */
  cheaper?: string;
}

/** One line per billed-while-idle item; zero-cost items are listed too, so the reader sees they were counted. */
export function idleMonthlyCost(inv: IdleInventory, a: IdleAssumptions = IDLE_ASSUMPTIONS): IdleCostItem[] {
  const minutesPerMonth = a.daysPerMonth * 24 * 60;
  const cost = (quantity: number, price: Price) => quantity * price.usd;
  const items: IdleCostItem[] = [];

  items.push({
    key: 'alarms',
    label:
      `CloudWatch alarms (${inv.standardAlarms} standard${inv.highResolutionAlarms ? `, ${inv.highResolutionAlarms} high-resolution` : ''}` +
      `, ${inv.perFunctionAlarms} of them on one function each)`,
    quantity: inv.standardAlarms + inv.highResolutionAlarms,
    unit: 'alarm-months',
    usd:
      cost(inv.standardAlarms, CLOUDWATCH_STANDARD_ALARM_PER_MONTH) +
      cost(inv.highResolutionAlarms, CLOUDWATCH_STANDARD_ALARM_PER_MONTH) * 3,
    safetyFeature: 'alarms to the admins (each $0.10 a month)',
    cheaper:
      'already the fewest that still tell the admins of every failure (the HTTP functions through the ' +
      "API's 5xx alarm, the workflow tasks through failed executions; only functions on their own trigger " +
      "have per-function alarms); an account's first 10 alarm metrics are free",
  });
  items.push({
    key: 'dashboards',
    label: 'CloudWatch dashboards',
    quantity: inv.dashboards,
    unit: 'dashboard-months',
    usd: cost(inv.dashboards, CLOUDWATCH_DASHBOARD_PER_MONTH),
    cheaper: 'free when it is one of the first 3 dashboards of the account (always-free tier)',
  });

  for (const schedule of inv.schedules) {
    const run = a.idleRuns[schedule.id];
    if (!run) throw new Error(`schedule not counted: ${schedule.id} (no idle run assumed for it)`);
    const runs = minutesPerMonth / schedule.everyMinutes;
    const gbSeconds = runs * (run.billedMs / 1000) * (schedule.memoryMb / 1024);
    const lambdaUsd = cost(runs, LAMBDA_PER_REQUEST) + cost(gbSeconds, LAMBDA_ARM64_PER_GB_SECOND);
    const rru = runs * run.queriesPerRun * 0.5;
    items.push({
      key: `schedule.${schedule.id}.lambda`,
      label: `${schedule.id}: ${runs.toLocaleString('en')} Lambda runs (every ${schedule.everyMinutes} min, ${run.billedMs} ms at ${schedule.memoryMb} MB)`,
      quantity: runs,
      unit: 'invocations',
      usd: lambdaUsd,
      ...(run.safetyFeature ? { safetyFeature: `${run.safetyFeature} (per run)` } : {}),
      ...(run.cheaper ? { cheaper: run.cheaper } : {}),
    });
    items.push({
      key: `schedule.${schedule.id}.dynamodb`,
      label: `${schedule.id}: ${run.queriesPerRun} small ${run.queriesPerRun === 1 ? 'query' : 'queries'} a run (0.5 RRU each)`,
      quantity: rru,
      unit: 'RRU',
      usd: cost(rru, DYNAMODB_ON_DEMAND_PER_READ_REQUEST_UNIT),
      ...(run.safetyFeature ? { safetyFeature: `${run.safetyFeature} (its queries)` } : {}),
    });
    if (schedule.tracing) {
      items.push({
        key: `schedule.${schedule.id}.xray`,
        label: `${schedule.id}: X-Ray traces (active tracing, one trace a run)`,
        quantity: runs,
        unit: 'traces',
        usd: cost(runs, XRAY_PER_TRACE_RECORDED),
        safetyFeature: 'X-Ray tracing (while idle only the scheduled functions record traces)',
        cheaper: `tracing off on ${schedule.id} alone saves it; 100,000 traces a month are in the always-free tier`,
      });
    }
    const logGb = (runs * run.logBytesPerRun) / 1e9;
    items.push({
      key: `schedule.${schedule.id}.logs`,
      label: `${schedule.id}: log ingestion (${run.logBytesPerRun} B a run)`,
      quantity: logGb,
      unit: 'GB',
      usd: cost(logGb, CLOUDWATCH_LOGS_INGESTION_PER_GB),
    });
    // A group without retention keeps everything: counted as ten years, the longest retention there is.
    const group = inv.logGroups.find((g) => g.id === schedule.logGroup);
    const retentionDays = group?.retentionDays ?? 3653;
    const storedGb = logGb * (retentionDays / a.daysPerMonth);
    items.push({
      key: `schedule.${schedule.id}.logStorage`,
      label: `${schedule.id}: log storage once the retention is full (${retentionDays} days)`,
      quantity: storedGb,
      unit: 'GB-months',
      usd: cost(storedGb, CLOUDWATCH_LOGS_STORAGE_PER_GB_MONTH),
      safetyFeature: `log retention (${retentionDays} days)`,
    });
  }

  for (const table of inv.tables) {
    items.push({
      key: `table.${table.id}.storage`,
      label: `DynamoDB storage (assumed ${a.tableSizeGb} GB, indexes included)${table.onDemand ? ', on-demand: no idle capacity' : ''}`,
      quantity: a.tableSizeGb,
      unit: 'GB-months',
      usd: cost(a.tableSizeGb, DYNAMODB_STORAGE_PER_GB_MONTH),
      cheaper: 'the first 25 GB of the account are in the always-free tier',
    });
    if (table.pitr) {
      items.push({
        key: `table.${table.id}.pitr`,
        label: `DynamoDB point-in-time recovery (on ${a.tableSizeGb} GB)`,
        quantity: a.tableSizeGb,
        unit: 'GB-months',
        usd: cost(a.tableSizeGb, DYNAMODB_PITR_PER_GB_MONTH),
        safetyFeature: 'point-in-time recovery (35 days of restores)',
        cheaper: 'off in dev (a dev table can be re-seeded)',
      });
    }
  }

  for (const pool of inv.userPools) {
    items.push({
      key: `userPool.${pool.id}`,
      label: `Cognito user pool (${pool.tier}, ${a.monthlyActiveUsers} active users assumed)`,
      quantity: a.monthlyActiveUsers,
      unit: 'MAU',
      usd: pool.tier === 'PLUS' ? cost(a.monthlyActiveUsers, COGNITO_PLUS_PER_MAU) : 0,
      safetyFeature:
        'threat protection (Plus plan): $0.02 per user who signs in that month, nothing while nobody does',
    });
  }

  items.push({
    key: 'kmsKeys',
    label: `KMS customer managed keys (${inv.kmsKeys}; the table, logs and topic use AWS owned keys)`,
    quantity: inv.kmsKeys,
    unit: 'key-months',
    usd: cost(inv.kmsKeys, KMS_CUSTOMER_MANAGED_KEY_PER_MONTH),
  });
  items.push({
    key: 'customResources',
    label: `custom resources (${inv.customResources}; their Lambda runs only on deploy)`,
    quantity: inv.customResources,
    unit: 'resources',
    usd: 0,
  });
  items.push({
    key: 'logGroups',
    label: `log groups (${inv.logGroups.length}; nothing stored while idle but the scheduled functions', above)`,
    quantity: inv.logGroups.length,
    unit: 'log groups',
    usd: 0,
  });
  return items;
}

export function totalOf(items: IdleCostItem[]): number {
  return items.reduce((sum, item) => sum + item.usd, 0);
}
