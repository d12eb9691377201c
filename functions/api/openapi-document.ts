import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import { HTTP_ROUTES } from '../../infra/routes.js';
import { buildOpenApiDocument } from './openapi/document.js';

/** Built once per cold start: it depends only on the code. */
let body: string | undefined;

/** GET /openapi.json (no token): the OpenAPI 3.1 document of every route. */
export async function handler(): Promise<APIGatewayProxyResultV2> {
  body ??= JSON.stringify(buildOpenApiDocument(HTTP_ROUTES));
  return {
    statusCode: 200,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'public, max-age=300',
      'x-content-type-options': 'nosniff',
      'access-control-allow-origin': '*',
    },
    body,
  };
}
