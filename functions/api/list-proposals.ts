import middy from '@middy/core';
import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import {
  type ProposalPage,
  proposalPageOfDistrict,
  proposalPageOfYear,
  proposalPageOfYearStatus,
} from '../adapters/dynamodb/proposal-queries.js';
import { DEFAULT_PAGE_SIZE, listScope, parseListQuery } from '../domain/proposal-listing.js';
import { toApiProposal } from './http/api-proposal.js';
import { type ApiEvent, authenticate, httpErrors } from './http/middleware.js';
import { json } from './http/responses.js';

/**
 * GET /proposals?fiscalYear=&districtCode=&status=&cursor=&limit=: a page of proposals, each as
 * GET /proposals/{id} shows it, and the cursor of the next page (null on the last).
 */
async function listProposals(event: ApiEvent): Promise<APIGatewayProxyResultV2> {
  const query = parseListQuery(event.queryStringParameters ?? {});
  const scope = listScope(event.caller, query);
  const page = { limit: query.limit ?? DEFAULT_PAGE_SIZE, cursor: query.cursor };
  let found: ProposalPage;
  switch (scope.kind) {
    case 'district':
      found = await proposalPageOfDistrict(scope.districtCode, scope.fiscalYear, {
        ...page,
        status: scope.status,
      });
      break;
    case 'yearStatus':
      found = await proposalPageOfYearStatus(scope.fiscalYear, scope.status, page);
      break;
    case 'year':
      found = await proposalPageOfYear(scope.fiscalYear, page);
      break;
  }
  return json(200, { items: found.items.map(toApiProposal), nextCursor: found.nextCursor });
}

export const handler = middy<ApiEvent, APIGatewayProxyResultV2>()
  .use(httpErrors())
  .use(authenticate())
  .handler(listProposals);
