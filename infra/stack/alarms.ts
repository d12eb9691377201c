import { Duration } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Alarm, ComparisonOperator, type IMetric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { BusinessMetrics } from './business-metrics.js';
import type { HandlerFunction } from './functions.js';
import type { HandlerSpec } from './handler-catalog.js';

const PERIOD = Duration.minutes(5);

/** Triggers whose failures another alarm already reports (see the constructor). */
const WATCHED_ELSEWHERE: ReadonlySet<HandlerSpec['trigger']> = new Set(['http', 'workflow']);

export interface AlarmsProps {
  stageName: string;
  alarmEmail: string;
  stateMachine: IStateMachine;
  functions: readonly HandlerFunction[];
  httpApi: IHttpApi;
}

/**
 * Every alarm goes to one SNS topic that mails the admins. Each fires on the first occurrence in
 * five minutes: a failed execution is a proposal that needs an admin's retry, and no error here
 * is routine.
 */
export class Alarms extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];
  private readonly prefix: string;

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    this.prefix = `ikm-${props.stageName}`;
    this.topic = new Topic(this, 'Topic', {
      topicName: `${this.prefix}-alarms`,
      displayName: 'Alarm Sistem Usulan IKM',
      enforceSSL: true,
    });
    this.topic.addSubscription(new EmailSubscription(props.alarmEmail));

    const sfn = props.stateMachine;
    this.add(
      'workflow-failed',
      sfn.metricFailed({ period: PERIOD }),
      'Eksekusi alur usulan gagal (usulan berstatus FAILED)',
    );
    this.add(
      'workflow-timed-out',
      sfn.metricTimedOut({ period: PERIOD }),
      'Eksekusi alur usulan melewati batas waktu',
    );
    // A function behind the API that fails or is throttled answers 5xx (the api-5xx alarm); a
    // workflow task's error or throttle is retried by the state machine and, if it persists, ends
    // in RecordFailure and a failed execution (workflow-failed, proposals-failed). Per-function
    // alarms would repeat those at $0.10 a month each, so only the functions nothing else watches
    // (the sweep, and whatever runs on its own trigger) get their own.
    for (const { spec, fn } of props.functions) {
      if (WATCHED_ELSEWHERE.has(spec.trigger)) continue;
      const name = spec.functionName;
      this.add(`${name}-errors`, fn.metricErrors({ period: PERIOD }), `Fungsi ${name} mengalami galat`);
      this.add(
        `${name}-throttles`,
        fn.metricThrottles({ period: PERIOD }),
        `Fungsi ${name} dibatasi (throttled)`,
      );
    }
    this.add('api-5xx', props.httpApi.metricServerError({ period: PERIOD }), 'API mengembalikan galat 5xx');

    // From the business metrics the steps emit (functions/adapters/observability.ts).
    const business = new BusinessMetrics(props.stageName);
    this.add(
      'proposals-failed',
      business.proposals('failed', undefined, PERIOD),
      'Usulan berstatus FAILED: perlu dicoba ulang oleh admin (npm run admin -- retry)',
    );
    this.add(
      'approvals-overdue',
      business.proposals('overdue', undefined, PERIOD),
      'Permintaan persetujuan lewat batas waktu (OVERDUE): perlu tindakan admin',
    );
  }

  private add(name: string, metric: IMetric, description: string): void {
    const alarm = new Alarm(this, name, {
      alarmName: `${this.prefix}-${name}`,
      alarmDescription: description,
      metric,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
    this.alarms.push(alarm);
  }
}
