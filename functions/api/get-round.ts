import middy from '@middy/core';
import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import * as roundRepository from '../adapters/dynamodb/round-repository.js';
import { notFound } from '../domain/errors.js';
import { type ApiEvent, authenticate, httpErrors } from './http/middleware.js';
import { fiscalYearParam } from './http/params.js';
import { json } from './http/responses.js';

/** GET /rounds/{fiscalYear} (anyone signed in): the year's call for proposals and its meeting. */
async function getRound(event: ApiEvent): Promise<APIGatewayProxyResultV2> {
  const fiscalYear = fiscalYearParam(event);
  const round = await roundRepository.get(fiscalYear);
  if (!round) throw notFound(`Putaran perencanaan TA ${fiscalYear}`);
  return json(200, round);
}

export const handler = middy<ApiEvent, APIGatewayProxyResultV2>()
  .use(httpErrors())
  .use(authenticate())
  .handler(getRound);
