import { describe, expect, it } from 'vitest';
import {
  type CfnResource,
  type IdleAssumptions,
  idleMonthlyCost,
  inventoryOf,
  totalOf,
} from '../../bench/cost/idle-cost.js';

const ASSUMED: IdleAssumptions = {
  tableSizeGb: 2,
  idleRuns: {
    SweepSchedule: { billedMs: 200, queriesPerRun: 4, logBytesPerRun: 1000 },
    RemindersSchedule: { billedMs: 100, queriesPerRun: 1, logBytesPerRun: 500 },
  },
  monthlyActiveUsers: 10,
  daysPerMonth: 30,
};

const alarm = (namespace: string, period = 300): CfnResource => ({
  Type: 'AWS::CloudWatch::Alarm',
  Properties: { Namespace: namespace, Period: period },
});

function template(
  overrides: { pitr?: boolean; tracing?: boolean; schedule?: string } = {},
): Record<string, CfnResource> {
  return {
    FnErrors: alarm('AWS/Lambda'),
    FnThrottles: alarm('AWS/Lambda'),
    Api5xx: alarm('AWS/ApiGateway', 10),
    Dash: { Type: 'AWS::CloudWatch::Dashboard', Properties: {} },
    SweepLogs: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 90 } },
    OtherLogs: { Type: 'AWS::Logs::LogGroup', Properties: {} },
    SweepFn: {
      Type: 'AWS::Lambda::Function',
      Properties: {
        MemorySize: 1024,
        TracingConfig: overrides.tracing === false ? undefined : { Mode: 'Active' },
        LoggingConfig: { LogGroup: { Ref: 'SweepLogs' } },
      },
    },
    SweepSchedule80B1140B: {
      Type: 'AWS::Events::Rule',
      Properties: {
        ScheduleExpression: overrides.schedule ?? 'rate(5 minutes)',
        Targets: [{ Arn: { 'Fn::GetAtt': ['SweepFn', 'Arn'] } }],
      },
    },
    Table: {
      Type: 'AWS::DynamoDB::Table',
      Properties: {
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: overrides.pitr ?? true },
      },
    },
    Pool: { Type: 'AWS::Cognito::UserPool', Properties: { UserPoolTier: 'PLUS' } },
    Key: { Type: 'AWS::KMS::Key', Properties: {} },
    Seed: { Type: 'Custom::IkmReferenceData', Properties: {} },
  };
}

const usdOf = (items: ReturnType<typeof idleMonthlyCost>, key: string) =>
  items.find((i) => i.key === key)?.usd;

describe('Idle monthly cost counted from a synthesized template', () => {
  it('Given a template with alarms, a dashboard, a schedule, a table, a user pool and a key, When inventoried, Then each billed resource is counted', () => {
    const inv = inventoryOf(template());
    expect(inv.standardAlarms).toBe(2);
    expect(inv.highResolutionAlarms).toBe(1);
    expect(inv.perFunctionAlarms).toBe(2);
    expect(inv.dashboards).toBe(1);
    expect(inv.logGroups).toHaveLength(2);
    expect(inv.schedules).toEqual([
      {
        id: 'SweepSchedule',
        everyMinutes: 5,
        targetFunction: 'SweepFn',
        memoryMb: 1024,
        tracing: true,
        logGroup: 'SweepLogs',
      },
    ]);
    expect(inv.tables).toEqual([{ id: 'Table', onDemand: true, pitr: true }]);
    expect(inv.userPools).toEqual([{ id: 'Pool', tier: 'PLUS' }]);
    expect(inv.kmsKeys).toBe(1);
    expect(inv.customResources).toBe(1);
  });

  it('Given that inventory, When priced, Then every item is its count times its list price and the total is their sum', () => {
    const items = idleMonthlyCost(inventoryOf(template()), ASSUMED);
    const runs = (30 * 24 * 60) / 5; // 8,640 sweeps
    expect(usdOf(items, 'alarms')).toBeCloseTo(2 * 0.1 + 0.3, 10);
    expect(usdOf(items, 'dashboards')).toBe(3);
    expect(usdOf(items, 'schedule.SweepSchedule.lambda')).toBeCloseTo(
      runs * 0.2e-6 + runs * 0.2 * 1 * 0.0000133334,
      10,
    );
    expect(usdOf(items, 'schedule.SweepSchedule.dynamodb')).toBeCloseTo(runs * 4 * 0.5 * 0.125e-6, 10);
    expect(usdOf(items, 'schedule.SweepSchedule.xray')).toBeCloseTo(runs * 5e-6, 10);
    expect(usdOf(items, 'schedule.SweepSchedule.logs')).toBeCloseTo(((runs * 1000) / 1e9) * 0.5, 10);
    // 90 days of retention hold three months of the sweep's logs.
    expect(usdOf(items, 'schedule.SweepSchedule.logStorage')).toBeCloseTo(
      ((runs * 1000) / 1e9) * 3 * 0.03,
      10,
    );
    expect(usdOf(items, 'table.Table.storage')).toBeCloseTo(2 * 0.25, 10);
    expect(usdOf(items, 'table.Table.pitr')).toBeCloseTo(2 * 0.2, 10);
    expect(usdOf(items, 'userPool.Pool')).toBeCloseTo(10 * 0.02, 10);
    expect(usdOf(items, 'kmsKeys')).toBe(1);
    expect(usdOf(items, 'customResources')).toBe(0);
    expect(totalOf(items)).toBeCloseTo(
      items.reduce((sum, i) => sum + i.usd, 0),
      10,
    );
  });

  it('Given PITR and tracing off, When priced, Then neither PITR nor X-Ray is billed', () => {
    const items = idleMonthlyCost(inventoryOf(template({ pitr: false, tracing: false })), ASSUMED);
    expect(usdOf(items, 'table.Table.pitr')).toBeUndefined();
    expect(usdOf(items, 'schedule.SweepSchedule.xray')).toBeUndefined();
  });

  it('Given a schedule every minute, When priced, Then it runs 43,200 times in a 30-day month', () => {
    const items = idleMonthlyCost(inventoryOf(template({ schedule: 'rate(1 minute)' })), ASSUMED);
    expect(items.find((i) => i.key === 'schedule.SweepSchedule.lambda')?.quantity).toBe(43_200);
  });

  it('Given a second function on an hourly schedule, When priced, Then each schedule is priced with its own idle run', () => {
    const withReminders: Record<string, CfnResource> = {
      ...template({ schedule: 'rate(1 minute)' }),
      RemindersFn: { Type: 'AWS::Lambda::Function', Properties: { MemorySize: 512 } },
      RemindersSchedule0A1B2C3D: {
        Type: 'AWS::Events::Rule',
        Properties: {
          ScheduleExpression: 'rate(1 hour)',
          Targets: [{ Arn: { 'Fn::GetAtt': ['RemindersFn', 'Arn'] } }],
        },
      },
    };
    const items = idleMonthlyCost(inventoryOf(withReminders), ASSUMED);
    const runs = 30 * 24; // 720 hourly runs
    expect(items.find((i) => i.key === 'schedule.SweepSchedule.lambda')?.quantity).toBe(43_200);
    expect(items.find((i) => i.key === 'schedule.RemindersSchedule.lambda')?.quantity).toBe(runs);
    expect(usdOf(items, 'schedule.RemindersSchedule.lambda')).toBeCloseTo(
      runs * 0.2e-6 + runs * 0.1 * 0.5 * 0.0000133334,
      10,
    );
    expect(usdOf(items, 'schedule.RemindersSchedule.dynamodb')).toBeCloseTo(runs * 1 * 0.5 * 0.125e-6, 10);
    expect(usdOf(items, 'schedule.RemindersSchedule.xray')).toBeUndefined();
    expect(usdOf(items, 'schedule.RemindersSchedule.logs')).toBeCloseTo(((runs * 500) / 1e9) * 0.5, 10);
  });

  it('Given a schedule with no idle run assumed for it, When priced, Then it fails rather than counting it as free', () => {
    const assumed = {
      ...ASSUMED,
      idleRuns: { RemindersSchedule: { billedMs: 1, queriesPerRun: 1, logBytesPerRun: 1 } },
    };
    expect(() => idleMonthlyCost(inventoryOf(template()), assumed)).toThrow(/SweepSchedule/);
  });

  it('Given a cron schedule, When inventoried, Then it fails rather than counting the schedule as free', () => {
    expect(() => inventoryOf(template({ schedule: 'cron(0 2 * * ? *)' }))).toThrow(/not counted/);
  });
});
