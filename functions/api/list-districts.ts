import middy from '@middy/core';
import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import * as referenceRepository from '../adapters/dynamodb/reference-repository.js';
import { type ApiEvent, authenticate, httpErrors } from './http/middleware.js';
import { json } from './http/responses.js';

/** GET /districts: the 24 kabupaten/kota with their leading commodities, and the province's KIID focus. */
async function listDistricts(_event: ApiEvent): Promise<APIGatewayProxyResultV2> {
  const [items, province] = await Promise.all([
    referenceRepository.districts(),
    referenceRepository.province(),
  ]);
  items.sort((a, b) => a.code.localeCompare(b.code));
  return json(200, { items, province });
}

export const handler = middy<ApiEvent, APIGatewayProxyResultV2>()
  .use(httpErrors())
  .use(authenticate())
  .handler(listDistricts);
