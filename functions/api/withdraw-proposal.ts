import middy, { type MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import { ConditionFailedError } from '../adapters/dynamodb/proposal-repository.js';
import * as proposalWrites from '../adapters/dynamodb/proposal-writes.js';
import { releaseCommitmentWrites } from '../budget/district-commitment.js';
import { fundWaitlist, leaveWaitlist, waitedPools } from '../budget/fund-waitlist.js';
import { actorOf } from '../domain/caller.js';
import { DomainError } from '../domain/errors.js';
import type { Proposal } from '../domain/proposal.js';
import {
  assertCanWithdraw,
  assertWithdrawable,
  type WithdrawInput,
  withdrawInputSchema,
} from '../domain/withdrawal.js';
import { toApiProposal } from './http/api-proposal.js';
import { type ApiEventWithBody, authenticate, httpErrors, jsonBody } from './http/middleware.js';
import { proposalOfPath } from './http/proposal-of-path.js';
import { json } from './http/responses.js';

/**
 * POST /proposals/{id}/withdraw (body optional: `{"note": "..."}`): the district takes its proposal
 * back before a final decision. The guarded write to WITHDRAWN is all it does to the workflow: the
 * workflow cannot move the proposal on afterwards (its writes are guarded on the status), and the
 * table's stream hands the withdrawn proposal to the run stopper (functions/runs/run-control.ts),
 * which stops the revision's execution and with it any wait for an approver (the mailed link then
 * shows that the proposal no longer awaits a decision).
 */
async function withdrawProposal(event: ApiEventWithBody<WithdrawInput>): Promise<APIGatewayProxyResultV2> {
  const { caller } = event;
  const proposal = await proposalOfPath(event);
  assertCanWithdraw(caller, proposal);
  assertWithdrawable(proposal);

  const actor = actorOf(caller);
  // A waitlisted proposal leaves its queues, and every live one gives its district's pagu back.
  const waitlist = leaveWaitlist(proposal);
  let withdrawn: Proposal;
  try {
    withdrawn = await proposalWrites.update(
      proposal,
      { status: 'WITHDRAWN', ...waitlist.changes },
      { at: new Date().toISOString(), actor, type: 'WITHDRAWN', note: event.parsedBody.note },
      [...waitlist.writes, ...(await releaseCommitmentWrites(proposal))],
    );
  } catch (error) {
    if (error instanceof ConditionFailedError) {
      throw new DomainError(
        'CONFLICT',
        'Status usulan baru saja berubah oleh proses sistem atau keputusan pejabat, sehingga belum ditarik; ' +
          'muat ulang usulan lalu coba lagi bila masih dapat ditarik',
        409,
      );
    }
    throw error;
  }

  // Whoever waited behind it may fit now. The withdrawal stands if this fails: the pool's next
  // change (or the next approval queued on it) runs its queue again.
  await fundWaitlist(waitedPools(proposal), actor).catch((error: unknown) =>
    console.error(
      JSON.stringify({
        level: 'ERROR',
        message: 'waitlist not run after a withdrawal',
        proposalId: proposal.id,
        error: String(error),
      }),
    ),
  );

  return json(200, toApiProposal(withdrawn));
}

/** The note is optional, and so is the body: no body (or an empty one) means no note. */
function optionalJsonBody(): MiddlewareObj<ApiEventWithBody<WithdrawInput>, APIGatewayProxyResultV2> {
  const parse = jsonBody(withdrawInputSchema);
  return {
    before: async (request) => {
      if (!request.event.body) {
        request.event.parsedBody = withdrawInputSchema.parse({});
        return;
      }
      await parse.before?.(request);
    },
  };
}

export const handler = middy<ApiEventWithBody<WithdrawInput>, APIGatewayProxyResultV2>()
  .use(httpErrors())
  .use(authenticate())
  .use(optionalJsonBody())
  .handler(withdrawProposal);
