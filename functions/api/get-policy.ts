import middy from '@middy/core';
import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import { referenceRepository } from '../adapters/dynamodb/reference-repository.js';
import { assertRole } from '../domain/access.js';
import { DomainError, notFound } from '../domain/errors.js';
import { type ApiEvent, authenticate, httpErrors } from './http/middleware.js';
import { fiscalYearParam } from './http/params.js';
import { json } from './http/responses.js';

/** GET /policies/{fiscalYear}[?version=N]: the rule set in force (or an older version) and its history. */
async function getPolicy(event: ApiEvent): Promise<APIGatewayProxyResultV2> {
  assertRole(event.caller, 'admin', 'approver', 'auditor');
  const fiscalYear = fiscalYearParam(event);
  const latest = await referenceRepository.latestRuleSet(fiscalYear);
  if (!latest) throw notFound(`Aturan TA ${fiscalYear}`);
  const asked = event.queryStringParameters?.version;
  if (asked === undefined)
    return json(200, { ...(latest.document as object), latestVersion: latest.version });
  const version = Number(asked);
  if (!Number.isInteger(version) || version < 1) {
    throw new DomainError('VALIDATION_FAILED', 'Parameter version harus bilangan bulat positif', 400);
  }
  const found = await referenceRepository.ruleSetVersion(fiscalYear, version);
  if (!found) throw notFound(`Aturan TA ${fiscalYear} versi ${version}`);
  return json(200, {
    ...(found.document as object),
    latestVersion: latest.version,
    storedBy: found.by,
    storedAt: found.at,
  });
}

export const handler = middy<ApiEvent, APIGatewayProxyResultV2>()
  .use(httpErrors())
  .use(authenticate())
  .handler(getPolicy);
