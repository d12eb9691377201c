import { beforeAll, describe, expect, it } from 'vitest';
import {
  APPROVALS_WAITING_METRIC,
  BUDGET_ASSIGNED_METRIC,
  METRICS_NAMESPACE,
  PROPOSAL_METRICS,
} from '../../functions/adapters/metric-names.js';
import { handlerCatalog } from '../../infra/stack/handler-catalog.js';
import {
  functionLogicalId,
  resourcesOfType,
  type SynthesizedStage,
  synthesizeStage,
} from './synthesized-stage.js';

let dev: SynthesizedStage;
/** The dashboard body with CloudFormation references written as `<LogicalId>`. */
let body: { widgets: { properties: { title?: string; metrics?: unknown[][] } }[] };

beforeAll(() => {
  dev = synthesizeStage('dev');
  const dashboards = resourcesOfType(dev, 'AWS::CloudWatch::Dashboard');
  expect(dashboards).toHaveLength(1);
  const dashboardBody = dashboards[0]?.[1].Properties?.DashboardBody as
    | { 'Fn::Join': [string, unknown[]] }
    | undefined;
  const join = dashboardBody?.['Fn::Join'] ?? ['', []];
  const text = join[1]
    .map((part) =>
      typeof part === 'string' ? part : `<${(part as { Ref?: string }).Ref ?? JSON.stringify(part)}>`,
    )
    .join('');
  body = JSON.parse(text);
});

/** Every metric line of the widget titled `title`: [namespace, name, ...dimensions]. */
const metricsOf = (title: string): string[][] => {
  const widget = body.widgets.find((w) => w.properties.title === title);
  expect(widget, title).toBeDefined();
  return (widget?.properties.metrics ?? []).map((m) => m.filter((x) => typeof x === 'string') as string[]);
};
const names = (title: string) => metricsOf(title).map((m) => `${m[0]}/${m[1]}`);

describe('Given the synthesized dev stage', () => {
  it('then the dashboard is named after the stage and shows proposals by status from the business metrics', () => {
    const dashboards = resourcesOfType(dev, 'AWS::CloudWatch::Dashboard');
    expect(dashboards[0]?.[1].Properties?.DashboardName).toBe('ikm-dev');
    const byStatus = metricsOf('Usulan per status (per jam)');
    expect(byStatus.map((m) => m[1]).sort()).toEqual(Object.values(PROPOSAL_METRICS).sort());
    for (const m of byStatus)
      expect(m.slice(0, 1).concat(m.slice(2, 4))).toEqual([METRICS_NAMESPACE, 'service', 'ikm-dev']);
  });

  it('then approvals waiting and overdue, and the rupiah assigned, have their widgets', () => {
    expect(names('Persetujuan menunggu dan lewat batas waktu')).toEqual([
      `${METRICS_NAMESPACE}/${APPROVALS_WAITING_METRIC}`,
      `${METRICS_NAMESPACE}/${PROPOSAL_METRICS.overdue}`,
    ]);
    expect(names('Anggaran ditetapkan (Rp, 7 hari)')).toEqual([
      `${METRICS_NAMESPACE}/${BUDGET_ASSIGNED_METRIC}`,
    ]);
  });

  it('then failed and timed-out executions, API 4xx/5xx and latency are shown', () => {
    expect(names('Eksekusi alur kerja')).toEqual(
      expect.arrayContaining(['AWS/States/ExecutionsFailed', 'AWS/States/ExecutionsTimedOut']),
    );
    expect(names('API: galat 4xx dan 5xx')).toEqual(
      expect.arrayContaining(['AWS/ApiGateway/4xx', 'AWS/ApiGateway/5xx']),
    );
    expect(names('API: latensi (ms)')).toEqual(['AWS/ApiGateway/Latency', 'AWS/ApiGateway/Latency']);
  });

  it('then every function has its errors and throttles on the dashboard', () => {
    for (const [title, metric] of [
      ['Fungsi: galat', 'Errors'],
      ['Fungsi: throttle', 'Throttles'],
    ] as const) {
      const lines = metricsOf(title);
      for (const spec of handlerCatalog()) {
        const ref = `<${functionLogicalId(dev, spec.entry)}>`;
        expect(
          lines.some((m) => m[1] === metric && m.includes(ref)),
          `${spec.functionName} ${metric}`,
        ).toBe(true);
      }
    }
  });

  it('then failed proposals and overdue approvals each raise an alarm to the admins', () => {
    const alarms = resourcesOfType(dev, 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties ?? {});
    for (const metric of [PROPOSAL_METRICS.failed, PROPOSAL_METRICS.overdue]) {
      const found = alarms.filter((a) => a.MetricName === metric && a.Namespace === METRICS_NAMESPACE);
      expect(found, metric).toHaveLength(1);
      expect(found[0]?.Dimensions).toEqual([{ Name: 'service', Value: 'ikm-dev' }]);
      expect(found[0]?.Threshold).toBe(1);
    }
  });
});
