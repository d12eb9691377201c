import { isTrue } from './structured-logger.js';

/**
 * Business metrics as CloudWatch Embedded Metric Format: one JSON line on stdout that CloudWatch
 * Logs turns into metrics, in the shape Powertools for AWS Lambda's Metrics writes (which this
 * project used before): `_aws.CloudWatchMetrics[0]` names the namespace, the one `service`
 * dimension and each metric's unit; the values sit at the top level beside `service`. A metric
 * recorded twice in one flush carries both values (an array), as EMF allows.
 *
 * Off when POWERTOOLS_METRICS_DISABLED is true, or in POWERTOOLS_DEV (the local stack) unless
 * POWERTOOLS_METRICS_DISABLED is explicitly false.
 */
export type MetricUnit = 'Count' | 'None';

/** EMF allows at most 100 metrics in one line. */
const MAX_METRICS_PER_LINE = 100;

export interface MetricsSettings {
  namespace: string;
  service: string;
  enabled: boolean;
}

export function metricsSettingsFromEnv(
  namespace: string,
  env: NodeJS.ProcessEnv = process.env,
): MetricsSettings {
  const disabled = env.POWERTOOLS_METRICS_DISABLED;
  return {
    namespace,
    service: env.POWERTOOLS_SERVICE_NAME || 'service_undefined',
    enabled:
      disabled !== undefined && disabled.trim() !== '' ? !isTrue(disabled) : !isTrue(env.POWERTOOLS_DEV),
  };
}

export class EmfMetrics {
  private readonly stored = new Map<string, { unit: MetricUnit; values: number[] }>();

  constructor(
    private readonly settings: MetricsSettings,
    private readonly out: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
  ) {}

  get size(): number {
    return this.stored.size;
  }

  add(name: string, unit: MetricUnit, value: number): void {
    if (!Number.isFinite(value)) throw new Error(`Metric ${name} needs a finite number, got ${value}`);
    const known = this.stored.get(name);
    if (known && known.unit !== unit)
      throw new Error(`Metric ${name} was recorded as ${known.unit}, not ${unit}`);
    if (!known && this.stored.size === MAX_METRICS_PER_LINE) this.flush();
    const entry = this.stored.get(name) ?? { unit, values: [] };
    entry.values.push(value);
    this.stored.set(name, entry);
  }

  /** Writes the stored metrics as one EMF line (nothing when none are stored) and forgets them. */
  flush(now: number = Date.now()): void {
    if (this.stored.size === 0) return;
    const entries = [...this.stored.entries()];
    this.stored.clear();
    if (!this.settings.enabled) return;
    const line: Record<string, unknown> = {
      _aws: {
        Timestamp: now,
        CloudWatchMetrics: [
          {
            Namespace: this.settings.namespace,
            Dimensions: [['service']],
            Metrics: entries.map(([name, { unit }]) => ({ Name: name, Unit: unit })),
          },
        ],
      },
      service: this.settings.service,
    };
    for (const [name, { values }] of entries) line[name] = values.length === 1 ? values[0] : values;
    this.out(JSON.stringify(line));
  }
}
