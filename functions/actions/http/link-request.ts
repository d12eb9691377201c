import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/**
 * The request side of an email link, before the handler sees it:
 * - a trailing slash (`/actions/{id}/`, as some mail clients and people write links) is trimmed
 *   from the action id, which arrives through the greedy `{actionId+}` route;
 * - `HEAD` (link checkers and mail scanners) is answered like `GET`, without the body, and like
 *   `GET` it changes nothing.
 */
export function linkRequest(): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> {
  return {
    before: (request) => {
      const params = request.event.pathParameters;
      const id = params?.actionId;
      if (params && id?.endsWith('/')) params.actionId = id.slice(0, -1);
    },
    after: (request) => {
      if (request.event.requestContext.http.method === 'HEAD' && request.response) {
        const { body: _body, ...head } = request.response;
        request.response = head;
      }
    },
  };
}
