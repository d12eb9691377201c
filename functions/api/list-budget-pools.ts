import middy from '@middy/core';
import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import * as poolRepository from '../adapters/dynamodb/pool-repository.js';
import { assertRole } from '../domain/access.js';
import { comparePools, poolTotalsBySource } from '../domain/pool-ceiling.js';
import { type ApiEvent, authenticate, httpErrors } from './http/middleware.js';
import { fiscalYearQuery } from './http/params.js';
import { json } from './http/responses.js';

/** GET /budget-pools?fiscalYear= (admin, approver, auditor): each pool's ceiling, allocated and remaining. */
async function listBudgetPools(event: ApiEvent): Promise<APIGatewayProxyResultV2> {
  assertRole(event.caller, 'admin', 'approver', 'auditor');
  const fiscalYear = fiscalYearQuery(event);
  const items = (await poolRepository.ofYear(fiscalYear)).sort(comparePools);
  return json(200, { fiscalYear, items, totals: poolTotalsBySource(items) });
}

export const handler = middy<ApiEvent, APIGatewayProxyResultV2>()
  .use(httpErrors())
  .use(authenticate())
  .handler(listBudgetPools);
