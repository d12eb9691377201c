import middy from '@middy/core';
import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import * as proposalWrites from '../adapters/dynamodb/proposal-writes.js';
import { newProposalId } from '../adapters/ids.js';
import { assertCanSubmit } from '../domain/access.js';
import { actorOf } from '../domain/caller.js';
import { newProposal } from '../domain/new-proposal.js';
import { type ProposalInput, proposalInputSchema } from '../domain/proposal.js';
import { toApiProposal } from './http/api-proposal.js';
import { IdempotentSubmission } from './http/idempotent-submission.js';
import { type ApiEventWithBody, authenticate, httpErrors, jsonBody } from './http/middleware.js';
import { json } from './http/responses.js';
import { assertRoundOpen } from './http/round-window.js';
import { assertRuleSetInForce } from './http/rule-set-in-force.js';

/** POST /proposals: revision 1 of a district's proposal, and its workflow started. */
async function createProposal(event: ApiEventWithBody<ProposalInput>): Promise<APIGatewayProxyResultV2> {
  const { caller, parsedBody: input } = event;
  assertCanSubmit(caller, input.districtCode);
  await assertRuleSetInForce(input.fiscalYear);

  const submission = IdempotentSubmission.of(event, input);
  const replay = await submission.replay();
  if (replay) return replay;

  const now = new Date();
  await assertRoundOpen(input.fiscalYear, now);
  const proposal = newProposal(input, caller, newProposalId(now.getTime()), now.toISOString());
  return submission.submit(
    {
      proposalId: proposal.id,
      revision: proposal.revision,
      fiscalYear: proposal.fiscalYear,
      districtCode: proposal.districtCode,
      response: json(201, toApiProposal(proposal)),
      store: (extra) =>
        proposalWrites.create(
          proposal,
          { at: proposal.createdAt, actor: actorOf(caller), type: 'SUBMITTED', note: '' },
          extra,
        ),
    },
    now,
  );
}

export const handler = middy<ApiEventWithBody<ProposalInput>, APIGatewayProxyResultV2>()
  .use(httpErrors())
  .use(authenticate())
  .use(jsonBody(proposalInputSchema))
  .handler(createProposal);
