import middy from '@middy/core';
import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import { latestRuleSet, RuleSetMissingError } from '../adapters/dynamodb/policy-reference.js';
import { liveProposalsOfDistrict } from '../adapters/dynamodb/proposal-queries.js';
import { districtsByCode, provinceReference } from '../adapters/dynamodb/reference-cache.js';
import { readDistrictCommitment } from '../budget/district-commitment.js';
import { assertCanPreview } from '../domain/access.js';
import { notFound } from '../domain/errors.js';
import { checkPolicy } from '../domain/policy/check-policy.js';
import { type ProposalInput, proposalInputSchema, totalOf } from '../domain/proposal.js';
import { type ApiEventWithBody, authenticate, httpErrors, jsonBody } from './http/middleware.js';
import { json } from './http/responses.js';

/** Stands for the proposal being drafted: no stored proposal has this id, so none is skipped as "itself". */
const DRAFT_ID = 'PRATINJAU';

/**
 * POST /policy-checks: the findings a proposal would get if it were submitted now, from the same
 * rule engine and data as the workflow's CheckPolicy step. It stores nothing and starts nothing.
 */
async function previewPolicyCheck(event: ApiEventWithBody<ProposalInput>): Promise<APIGatewayProxyResultV2> {
  const { caller, parsedBody: input } = event;
  assertCanPreview(caller, input.districtCode);
  const ruleSet = await latestRuleSet(input.fiscalYear).catch((error: unknown) => {
    if (error instanceof RuleSetMissingError) throw notFound(`Aturan kebijakan TA ${input.fiscalYear}`);
    throw error;
  });
  const draft = { ...input, id: DRAFT_ID, revision: 1, totalAmount: totalOf(input.funding) };
  const [districts, province, live, commitment] = await Promise.all([
    districtsByCode(),
    provinceReference(),
    liveProposalsOfDistrict(input.districtCode, input.fiscalYear),
    // What the district's other proposals hold of its pagu, as the workflow's check reads it.
    readDistrictCommitment(draft),
  ]);
  const result = checkPolicy({
    proposal: draft,
    ruleSet,
    districts,
    province,
    otherProposals: live,
    districtCommitted: commitment.others,
  });
  return json(200, result);
}

export const handler = middy<ApiEventWithBody<ProposalInput>, APIGatewayProxyResultV2>()
  .use(httpErrors())
  .use(authenticate())
  .use(jsonBody(proposalInputSchema))
  .handler(previewPolicyCheck);
