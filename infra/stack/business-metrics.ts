import { Duration } from 'aws-cdk-lib';
import { Metric } from 'aws-cdk-lib/aws-cloudwatch';
import {
  APPROVALS_WAITING_METRIC,
  BUDGET_ASSIGNED_METRIC,
  METRICS_NAMESPACE,
  PROPOSAL_METRICS,
  type ProposalOutcome,
  serviceNameOf,
} from '../../functions/adapters/metric-names.js';

/** The business metrics the functions emit as EMF (functions/adapters/observability.ts), for one stage. */
export class BusinessMetrics {
  constructor(private readonly stageName: string) {}

  /** A label makes an alarm a metric-math alarm; the alarms pass none. */
  private metric(metricName: string, statistic: string, label: string | undefined, period: Duration): Metric {
    return new Metric({
      namespace: METRICS_NAMESPACE,
      metricName,
      dimensionsMap: { service: serviceNameOf(this.stageName) },
      statistic,
      ...(label ? { label } : {}),
      period,
    });
  }

  /** Proposals reaching `outcome`, summed per period. */
  proposals(outcome: ProposalOutcome, label?: string, period = Duration.hours(1)): Metric {
    return this.metric(PROPOSAL_METRICS[outcome], 'Sum', label, period);
  }

  budgetAssigned(period = Duration.days(1)): Metric {
    return this.metric(BUDGET_ASSIGNED_METRIC, 'Sum', 'Anggaran ditetapkan (Rp)', period);
  }

  approvalsWaiting(period = Duration.hours(1)): Metric {
    return this.metric(APPROVALS_WAITING_METRIC, 'Maximum', 'Menunggu persetujuan', period);
  }
}
