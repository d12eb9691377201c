import type { Context } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import { EmfMetrics, metricsSettingsFromEnv } from '../../../functions/adapters/emf-metrics.js';
import { loggerSettingsFromEnv, StructuredLogger } from '../../../functions/adapters/structured-logger.js';

const context = {
  awsRequestId: 'req-1',
  functionName: 'ikm-test-fn',
  invokedFunctionArn: 'arn:aws:lambda:ap-southeast-3:000000000000:function:ikm-test-fn',
  memoryLimitInMB: '512',
} as Context;

describe('Given the structured logger', () => {
  it('when a child logs with the Lambda context, then the line has the Powertools fields, its keys and the trace id', () => {
    vi.stubEnv('_X_AMZN_TRACE_ID', 'Root=1-abc-def;Parent=123;Sampled=1');
    const logger = new StructuredLogger({ service: 'ikm-test', minSeverity: 12, dev: false });
    const child = logger.child({ proposalId: 'p-1', revision: 2 });
    child.addContext(context);
    child.appendKeys({ executionId: 'p-1-r2' });
    const line = child.lineOf('INFO', 'step finished', { ms: 12, skipped: undefined });
    expect(line).toEqual({
      level: 'INFO',
      message: 'step finished',
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      service: 'ikm-test',
      cold_start: expect.any(Boolean),
      function_arn: context.invokedFunctionArn,
      function_memory_size: 512,
      function_name: 'ikm-test-fn',
      function_request_id: 'req-1',
      xray_trace_id: '1-abc-def',
      proposalId: 'p-1',
      revision: 2,
      executionId: 'p-1-r2',
      ms: 12,
    });
    expect(Object.keys(line).slice(0, 4)).toEqual(['level', 'message', 'timestamp', 'service']);
    expect(logger.lineOf('INFO', 'x')).not.toHaveProperty('proposalId');
    vi.unstubAllEnvs();
  });

  it('when an error is logged, then it sits under `error` with its name, message and location', () => {
    const logger = new StructuredLogger({ service: 's', minSeverity: 12, dev: false });
    const line = logger.lineOf('ERROR', 'unhandled', new TypeError('boom'));
    expect(line.error).toMatchObject({ name: 'TypeError', message: 'boom' });
    expect((line.error as { location: string }).location).toMatch(
      /structured-logs-and-metrics\.test\.ts:\d+$/,
    );
  });

  it('when a line is below the level, then nothing is written; WARN and above go to stderr as one line', () => {
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const logger = new StructuredLogger(loggerSettingsFromEnv({ POWERTOOLS_LOG_LEVEL: 'warn' }));
    logger.info('quiet');
    logger.warn('loud', { big: 10n });
    expect(out).not.toHaveBeenCalled();
    expect(err).toHaveBeenCalledTimes(1);
    const written = String(err.mock.calls[0]?.[0]);
    expect(written.endsWith('}\n')).toBe(true);
    expect(JSON.parse(written)).toMatchObject({
      level: 'WARN',
      message: 'loud',
      big: '10',
      service: 'service_undefined',
    });
    vi.restoreAllMocks();
  });

  it("when Lambda's own log level is set, then it wins over POWERTOOLS_LOG_LEVEL; POWERTOOLS_DEV writes indented lines on the console", () => {
    expect(
      loggerSettingsFromEnv({ AWS_LAMBDA_LOG_LEVEL: 'ERROR', POWERTOOLS_LOG_LEVEL: 'DEBUG' }).minSeverity,
    ).toBe(20);
    const info = vi.spyOn(console, 'info').mockImplementation(() => undefined);
    new StructuredLogger(loggerSettingsFromEnv({ POWERTOOLS_DEV: 'true' })).info('hello');
    expect(String(info.mock.calls[0]?.[0])).toMatch(/^\{\n {2}"level": "INFO"/);
    vi.restoreAllMocks();
  });
});

describe('Given the EMF metrics writer', () => {
  it('when metrics are flushed, then one EMF line names namespace, service dimension and units, and a repeated metric keeps both values', () => {
    const lines: string[] = [];
    const metrics = new EmfMetrics({ namespace: 'IkmProposal', service: 'ikm-dev', enabled: true }, (l) =>
      lines.push(l),
    );
    metrics.add('ProposalsApproved', 'Count', 1);
    metrics.add('BudgetAssignedRupiah', 'None', 510_000_000);
    metrics.add('ProposalsApproved', 'Count', 1);
    metrics.flush(1_700_000_000_000);
    metrics.flush();
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] as string)).toEqual({
      _aws: {
        Timestamp: 1_700_000_000_000,
        CloudWatchMetrics: [
          {
            Namespace: 'IkmProposal',
            Dimensions: [['service']],
            Metrics: [
              { Name: 'ProposalsApproved', Unit: 'Count' },
              { Name: 'BudgetAssignedRupiah', Unit: 'None' },
            ],
          },
        ],
      },
      service: 'ikm-dev',
      ProposalsApproved: [1, 1],
      BudgetAssignedRupiah: 510_000_000,
    });
  });

  it('when disabled (POWERTOOLS_DEV without POWERTOOLS_METRICS_DISABLED=false), then flushing writes nothing and forgets', () => {
    expect(metricsSettingsFromEnv('N', { POWERTOOLS_DEV: 'true' }).enabled).toBe(false);
    expect(
      metricsSettingsFromEnv('N', { POWERTOOLS_DEV: 'true', POWERTOOLS_METRICS_DISABLED: 'false' }).enabled,
    ).toBe(true);
    expect(metricsSettingsFromEnv('N', { POWERTOOLS_METRICS_DISABLED: 'true' }).enabled).toBe(false);
    const lines: string[] = [];
    const metrics = new EmfMetrics({ namespace: 'N', service: 's', enabled: false }, (l) => lines.push(l));
    metrics.add('A', 'Count', 1);
    metrics.flush();
    expect([lines, metrics.size]).toEqual([[], 0]);
  });

  it('when a value is not a finite number or a unit changes, then it refuses', () => {
    const metrics = new EmfMetrics({ namespace: 'N', service: 's', enabled: true }, () => undefined);
    expect(() => metrics.add('A', 'Count', Number.NaN)).toThrow(/finite/);
    metrics.add('A', 'Count', 1);
    expect(() => metrics.add('A', 'None', 1)).toThrow(/recorded as Count/);
  });

  it('when a 101st metric is added, then the first hundred leave in their own line (EMF allows 100)', () => {
    const lines: string[] = [];
    const metrics = new EmfMetrics({ namespace: 'N', service: 's', enabled: true }, (l) => lines.push(l));
    for (let i = 0; i <= 100; i++) metrics.add(`M${i}`, 'Count', i);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] as string)._aws.CloudWatchMetrics[0].Metrics).toHaveLength(100);
    expect(metrics.size).toBe(1);
  });
});
