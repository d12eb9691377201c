import middy from '@middy/core';
import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import { approvalChains } from '../adapters/dynamodb/chain-reference.js';
import { assertRole } from '../domain/access.js';
import { type ApiEvent, authenticate, httpErrors } from './http/middleware.js';
import { fiscalYearParam } from './http/params.js';
import { json } from './http/responses.js';
import { documentOfYear } from './http/versioned-document.js';

/** GET /approval-chains/{fiscalYear}[?version=N]: the chain in force (or an older version), with who stored it. */
async function getApprovalChain(event: ApiEvent): Promise<APIGatewayProxyResultV2> {
  assertRole(event.caller, 'admin', 'approver', 'auditor');
  const fiscalYear = fiscalYearParam(event);
  const asked = event.queryStringParameters?.version;
  return json(200, await documentOfYear(approvalChains, fiscalYear, asked, 'Rantai persetujuan'));
}

export const handler = middy<ApiEvent, APIGatewayProxyResultV2>()
  .use(httpErrors())
  .use(authenticate())
  .handler(getApprovalChain);
