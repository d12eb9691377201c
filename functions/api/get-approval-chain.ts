import middy from '@middy/core';
import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import { approvalChains } from '../adapters/dynamodb/chain-reference.js';
import { assertRole } from '../domain/access.js';
import { DomainError, notFound } from '../domain/errors.js';
import { type ApiEvent, authenticate, httpErrors } from './http/middleware.js';
import { fiscalYearParam } from './http/params.js';
import { json } from './http/responses.js';

/** GET /approval-chains/{fiscalYear}[?version=N]: the chain in force (or an older version), with who stored it. */
async function getApprovalChain(event: ApiEvent): Promise<APIGatewayProxyResultV2> {
  assertRole(event.caller, 'admin', 'approver', 'auditor');
  const fiscalYear = fiscalYearParam(event);
  const latest = await approvalChains.latest(fiscalYear);
  if (!latest) throw notFound(`Rantai persetujuan TA ${fiscalYear}`);
  const asked = event.queryStringParameters?.version;
  let shown = latest;
  if (asked !== undefined) {
    const version = Number(asked);
    if (!/^\d{1,6}$/.test(asked) || version < 1)
      throw new DomainError('VALIDATION_FAILED', 'Parameter version harus bilangan bulat positif', 400);
    const found = await approvalChains.version(fiscalYear, version);
    if (!found) throw notFound(`Rantai persetujuan TA ${fiscalYear} versi ${version}`);
    shown = found;
  }
  return json(200, {
    ...(shown.document as object),
    latestVersion: latest.version,
    storedBy: shown.by,
    storedAt: shown.at,
  });
}

export const handler = middy<ApiEvent, APIGatewayProxyResultV2>()
  .use(httpErrors())
  .use(authenticate())
  .handler(getApprovalChain);
