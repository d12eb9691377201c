import middy from '@middy/core';
import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import { proposalRepository } from '../adapters/dynamodb/proposal-repository.js';
import { assertCanRead } from '../domain/access.js';
import { notFound } from '../domain/errors.js';
import { isProposalId } from '../domain/fields.js';
import { type ApiEvent, authenticate, httpErrors } from './http/middleware.js';
import { json } from './http/responses.js';

/** GET /proposals/{id}/history: the audit trail, oldest first (who, when, from, to, why). */
async function getHistory(event: ApiEvent): Promise<APIGatewayProxyResultV2> {
  const id = event.pathParameters?.id ?? '';
  const proposal = isProposalId(id) ? await proposalRepository.get(id) : null;
  if (!proposal) throw notFound('Usulan');
  assertCanRead(event.caller, proposal);
  return json(200, await proposalRepository.history(id));
}

export const handler = middy<ApiEvent, APIGatewayProxyResultV2>()
  .use(httpErrors())
  .use(authenticate())
  .handler(getHistory);
