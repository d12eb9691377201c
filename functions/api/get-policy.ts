import middy from '@middy/core';
import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import * as referenceRepository from '../adapters/dynamodb/reference-repository.js';
import { assertRole } from '../domain/access.js';
import { type ApiEvent, authenticate, httpErrors } from './http/middleware.js';
import { fiscalYearParam } from './http/params.js';
import { json } from './http/responses.js';
import { documentOfYear } from './http/versioned-document.js';

/** GET /policies/{fiscalYear}[?version=N]: the rule set in force (or an older version), who stored it and when. */
async function getPolicy(event: ApiEvent): Promise<APIGatewayProxyResultV2> {
  assertRole(event.caller, 'admin', 'approver', 'auditor');
  const rules = { latest: referenceRepository.latestRuleSet, version: referenceRepository.ruleSetVersion };
  const fiscalYear = fiscalYearParam(event);
  return json(200, await documentOfYear(rules, fiscalYear, event.queryStringParameters?.version, 'Aturan'));
}

export const handler = middy<ApiEvent, APIGatewayProxyResultV2>()
  .use(httpErrors())
  .use(authenticate())
  .handler(getPolicy);
