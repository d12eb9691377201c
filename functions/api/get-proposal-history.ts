import middy from '@middy/core';
import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import { proposalHistory } from '../adapters/dynamodb/proposal-queries.js';
import { assertCanRead } from '../domain/access.js';
import { type ApiEvent, authenticate, httpErrors } from './http/middleware.js';
import { proposalOfPath } from './http/proposal-of-path.js';
import { json } from './http/responses.js';

/** GET /proposals/{id}/history: the audit trail, oldest first (who, when, from, to, why). */
async function getHistory(event: ApiEvent): Promise<APIGatewayProxyResultV2> {
  const proposal = await proposalOfPath(event);
  assertCanRead(event.caller, proposal);
  return json(200, await proposalHistory(proposal.id));
}

export const handler = middy<ApiEvent, APIGatewayProxyResultV2>()
  .use(httpErrors())
  .use(authenticate())
  .handler(getHistory);
