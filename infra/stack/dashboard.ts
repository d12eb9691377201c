import { Duration } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Dashboard,
  GraphWidget,
  type IMetric,
  type IWidget,
  SingleValueWidget,
  Stats,
  TextWidget,
} from 'aws-cdk-lib/aws-cloudwatch';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { BusinessMetrics } from './business-metrics.js';
import type { HandlerFunction } from './functions.js';

const PERIOD = Duration.minutes(5);
const WIDTH = 24;

export interface OperationsDashboardProps {
  stageName: string;
  stateMachine: IStateMachine;
  functions: readonly HandlerFunction[];
  httpApi: IHttpApi;
}

/**
 * What an operator looks at first (`ikm-<stage>`): the proposals by outcome from the business
 * metrics, approvals waiting and overdue, the workflow's failed and timed-out executions, the API's
 * errors and latency, and every function's errors and throttles.
 */
export class OperationsDashboard extends Construct {
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: OperationsDashboardProps) {
    super(scope, id);
    const business = new BusinessMetrics(props.stageName);
    const sfn = props.stateMachine;
    const api = props.httpApi;
    const perFunction = (pick: (f: HandlerFunction) => IMetric) => props.functions.map(pick);

    const rows: IWidget[][] = [
      [
        new TextWidget({
          markdown: `# Usulan IKM (${props.stageName})\nUsulan per status, persetujuan, alur kerja, API dan fungsi. Alarm dikirim ke surel admin.`,
          width: WIDTH,
          height: 2,
        }),
      ],
      [
        new GraphWidget({
          title: 'Usulan per status (per jam)',
          width: 12,
          stacked: true,
          left: [
            business.proposals('submitted', 'Diajukan'),
            business.proposals('returnedByPolicy', 'Dikembalikan (kebijakan)'),
            business.proposals('approved', 'Disetujui'),
            business.proposals('rejected', 'Ditolak'),
            business.proposals('waitlisted', 'Daftar tunggu'),
            business.proposals('overdue', 'Lewat batas waktu'),
            business.proposals('failed', 'Gagal'),
          ],
        }),
        new GraphWidget({
          title: 'Persetujuan menunggu dan lewat batas waktu',
          width: 6,
          left: [business.approvalsWaiting()],
          right: [business.proposals('overdue', 'Lewat batas waktu')],
        }),
        new SingleValueWidget({
          title: 'Anggaran ditetapkan (Rp, 7 hari)',
          width: 6,
          metrics: [business.budgetAssigned(Duration.days(7))],
          fullPrecision: true,
        }),
      ],
      [
        new GraphWidget({
          title: 'Eksekusi alur kerja',
          width: 8,
          left: [
            sfn.metricStarted({ period: PERIOD, label: 'Dimulai' }),
            sfn.metricSucceeded({ period: PERIOD, label: 'Selesai' }),
            sfn.metricFailed({ period: PERIOD, label: 'Gagal' }),
            sfn.metricTimedOut({ period: PERIOD, label: 'Lewat batas waktu' }),
            sfn.metricAborted({ period: PERIOD, label: 'Dihentikan' }),
          ],
        }),
        new GraphWidget({
          title: 'API: galat 4xx dan 5xx',
          width: 8,
          left: [
            api.metricClientError({ period: PERIOD, label: '4xx' }),
            api.metricServerError({ period: PERIOD, label: '5xx' }),
          ],
          right: [api.metricCount({ period: PERIOD, label: 'Permintaan' })],
        }),
        new GraphWidget({
          title: 'API: latensi (ms)',
          width: 8,
          left: [
            api.metricLatency({ period: PERIOD, statistic: Stats.p(50), label: 'p50' }),
            api.metricLatency({ period: PERIOD, statistic: Stats.p(99), label: 'p99' }),
          ],
        }),
      ],
      [
        new GraphWidget({
          title: 'Fungsi: galat',
          width: 12,
          left: perFunction(({ spec, fn }) => fn.metricErrors({ period: PERIOD, label: spec.functionName })),
        }),
        new GraphWidget({
          title: 'Fungsi: throttle',
          width: 12,
          left: perFunction(({ spec, fn }) =>
            fn.metricThrottles({ period: PERIOD, label: spec.functionName }),
          ),
        }),
      ],
    ];

    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: `ikm-${props.stageName}`,
      defaultInterval: Duration.days(7),
      widgets: rows,
    });
  }
}
