import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

/**
 * Logs and metrics as CloudWatch receives them (POWERTOOLS_DEV off): one JSON object per line,
 * EMF for metrics.
 */
let lines: Record<string, any>[];

beforeEach(() => {
  vi.resetModules();
  Object.assign(process.env, {
    POWERTOOLS_SERVICE_NAME: 'ikm-test',
    POWERTOOLS_LOG_LEVEL: 'INFO',
    POWERTOOLS_DEV: 'false',
    POWERTOOLS_METRICS_DISABLED: 'false',
  });
  lines = [];
  const capture = (chunk: unknown) => {
    for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
    return true;
  };
  // INFO on stdout, WARN and above on stderr: both reach CloudWatch.
  vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  vi.spyOn(process.stderr, 'write').mockImplementation(capture);
});

afterEach(() => {
  vi.restoreAllMocks();
  delete process.env.POWERTOOLS_DEV;
  delete process.env.POWERTOOLS_METRICS_DISABLED;
});

const context = (awsRequestId: string) =>
  ({ awsRequestId, functionName: 'ikm-test-fn', functionVersion: '1', memoryLimitInMB: '512' }) as Context;

describe('Given a workflow step defined with defineStep', () => {
  it('when two run at once, then each line carries its own proposal, revision, execution and request id', async () => {
    const { defineStep, stepInput } = await import('../../../functions/steps/step.js');
    const { log } = await import('../../../functions/adapters/observability.js');
    const step = defineStep('CheckPolicy', stepInput, async ({ proposalId }) => {
      await new Promise((r) => setTimeout(r, proposalId === 'p-1' ? 20 : 1));
      log().info('checked');
      return proposalId;
    });

    await Promise.all([
      step({ proposalId: 'p-1', revision: 1 }, context('req-1')),
      step({ proposalId: 'p-2', revision: 3 }, context('req-2')),
    ]);

    const checked = lines.filter((l) => l.message === 'checked');
    expect(checked).toHaveLength(2);
    for (const l of [...checked, ...lines.filter((x) => x.message === 'step finished')]) {
      const p1 = l.proposalId === 'p-1';
      expect(l).toMatchObject({
        level: 'INFO',
        service: 'ikm-test',
        step: 'CheckPolicy',
        revision: p1 ? 1 : 3,
        executionId: p1 ? 'p-1-r1' : 'p-2-r3',
        function_request_id: p1 ? 'req-1' : 'req-2',
      });
    }
  });

  it('when a step records business metrics, then one EMF line carries them under the namespace', async () => {
    const { defineStep, stepInput } = await import('../../../functions/steps/step.js');
    const { countProposal, recordBudgetAssigned } = await import(
      '../../../functions/adapters/observability.js'
    );
    const step = defineStep('AssignBudget', stepInput, async () => {
      countProposal('approved');
      recordBudgetAssigned(510_000_000);
    });

    await step({ proposalId: 'p-9', revision: 2 }, context('req-9'));

    const emf = lines.filter((l) => l._aws);
    expect(emf).toHaveLength(1);
    expect(emf[0]?._aws.CloudWatchMetrics[0]).toMatchObject({
      Namespace: 'IkmProposal',
      Dimensions: [['service']],
    });
    expect(emf[0]).toMatchObject({
      service: 'ikm-test',
      ProposalsApproved: 1,
      BudgetAssignedRupiah: 510_000_000,
    });
  });

  it('when a step has recorded no metric, then no EMF line is written', async () => {
    const { defineStep, stepInput } = await import('../../../functions/steps/step.js');
    await defineStep('LoadProposal', stepInput, async () => 1)({ proposalId: 'p', revision: 1 });
    expect(lines.filter((l) => l._aws)).toEqual([]);
  });

  it('when it throws, then the error name is logged, not its message, and the error keeps its name', async () => {
    const { defineStep, stepInput } = await import('../../../functions/steps/step.js');
    class TransientError extends Error {
      override readonly name = 'TransientError';
    }
    const step = defineStep('RequestApproval', stepInput, async () => {
      throw new TransientError('token=secret-token-value');
    });
    await expect(step({ proposalId: 'p-5', revision: 1 })).rejects.toThrow(TransientError);
    const failed = lines.find((l) => l.message === 'step failed');
    expect(failed).toMatchObject({ level: 'ERROR', error: 'TransientError', proposalId: 'p-5' });
    expect(JSON.stringify(lines)).not.toContain('secret-token-value');
  });
});

describe('Given an API handler with the central middleware', () => {
  it('when a public action link is called, then the line names the route template, never the action id', async () => {
    const { httpErrors } = await import('../../../functions/api/http/middleware.js');
    const handler = middy(async () => ({ statusCode: 204, body: '' })).use(httpErrors());
    const event = {
      rawPath: '/actions/act-secret-123',
      pathParameters: { actionId: 'act-secret-123' },
      requestContext: { requestId: 'api-1', routeKey: 'POST /actions/{actionId}' },
    };
    await handler(event as never, context('req-a'));
    const line = lines.find((l) => l.message === 'request handled');
    expect(line).toMatchObject({ route: 'POST /actions/{actionId}', requestId: 'api-1', status: 204 });
    expect(JSON.stringify(lines)).not.toContain('act-secret-123');
  });

  it('when a proposal route fails unexpectedly, then 500 without details and one ERROR line with its proposal id', async () => {
    const { httpErrors } = await import('../../../functions/api/http/middleware.js');
    const handler = middy(async () => {
      throw new Error('boom');
    }).use(httpErrors());
    const event = {
      pathParameters: { id: 'prop-7' },
      requestContext: { requestId: 'api-2', routeKey: 'GET /proposals/{id}' },
    };
    const res = (await handler(event as never, context('req-b'))) as { statusCode: number; body: string };
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain('boom');
    expect(lines.find((l) => l.level === 'ERROR')).toMatchObject({
      proposalId: 'prop-7',
      message: 'unhandled',
    });
    expect(lines.find((l) => l.message === 'request handled')).toMatchObject({
      status: 500,
      proposalId: 'prop-7',
    });
  });
});
