import middy from '@middy/core';
import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import * as proposalWrites from '../adapters/dynamodb/proposal-writes.js';
import { executionArnOf } from '../adapters/execution-name.js';
import { assertCanSubmit } from '../domain/access.js';
import { actorOf } from '../domain/caller.js';
import { type ProposalInput, proposalInputSchema } from '../domain/proposal.js';
import { revisedProposal } from '../domain/revision.js';
import { toApiProposal } from './http/api-proposal.js';
import { IdempotentSubmission } from './http/idempotent-submission.js';
import { type ApiEventWithBody, authenticate, httpErrors, jsonBody } from './http/middleware.js';
import { proposalOfPath } from './http/proposal-of-path.js';
import { json } from './http/responses.js';
import { assertRoundOpen } from './http/round-window.js';
import { assertRuleSetInForce } from './http/rule-set-in-force.js';

/**
 * POST /proposals/{id}/revisions: the district's full new body for a RETURNED proposal becomes
 * the next revision (SUBMITTED again) and a new workflow execution, `<id>-r<revision>`, checks it
 * from the start. `Idempotency-Key` works as on POST /proposals.
 */
async function createRevision(event: ApiEventWithBody<ProposalInput>): Promise<APIGatewayProxyResultV2> {
  const { caller, parsedBody: input } = event;
  const current = await proposalOfPath(event);
  const { id } = current;
  assertCanSubmit(caller, current.districtCode);
  // The revision keeps the year (a body that moves it gets its own 400 below).
  await assertRuleSetInForce(current.fiscalYear);

  // The target is part of the request: the same key on another proposal is a different request.
  const submission = IdempotentSubmission.of(event, { proposalId: id, revisionOf: input });
  const replay = await submission.replay();
  if (replay) return replay;

  const now = new Date();
  // A revision belongs to the proposal's year, whose window it must fall in as well.
  await assertRoundOpen(current.fiscalYear, now);
  const next = {
    ...revisedProposal(current, input, caller, now.toISOString()),
    // Known before the start, so a withdrawal in between stops the right execution.
    executionArn: executionArnOf(current.id, current.revision + 1),
  };
  return submission.submit(
    {
      proposalId: id,
      revision: next.revision,
      fiscalYear: next.fiscalYear,
      districtCode: next.districtCode,
      response: json(201, toApiProposal(next)),
      store: (extra) =>
        proposalWrites.revise(
          current,
          next,
          {
            at: next.updatedAt,
            actor: actorOf(caller),
            type: 'REVISED',
            note: `Revisi ke-${next.revision} diajukan`,
          },
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
  .handler(createRevision);
