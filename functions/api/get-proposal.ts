import middy from '@middy/core';
import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import { assertCanRead } from '../domain/access.js';
import { toApiProposal } from './http/api-proposal.js';
import { type ApiEvent, authenticate, httpErrors } from './http/middleware.js';
import { proposalOfPath } from './http/proposal-of-path.js';
import { json } from './http/responses.js';

/** GET /proposals/{id}: the proposal's current revision, status, findings, decisions and budget. */
async function getProposal(event: ApiEvent): Promise<APIGatewayProxyResultV2> {
  const proposal = await proposalOfPath(event);
  assertCanRead(event.caller, proposal);
  return json(200, toApiProposal(proposal));
}

export const handler = middy<ApiEvent, APIGatewayProxyResultV2>()
  .use(httpErrors())
  .use(authenticate())
  .handler(getProposal);
