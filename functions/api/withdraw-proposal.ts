import middy, { type MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import { ConditionFailedError, type StoredProposal } from '../adapters/dynamodb/proposal-repository.js';
import * as proposalWrites from '../adapters/dynamodb/proposal-writes.js';
import { executionArnOf, executionName, stopExecution } from '../adapters/stepfunctions.js';
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
 * back before a final decision. The guarded write comes first, so the workflow cannot move the
 * proposal on afterwards; then the revision's execution is stopped, which also ends any wait for
 * an approver (the mailed link then shows that the proposal no longer awaits a decision).
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

  const executionArn = currentExecutionArn(proposal);
  try {
    await stopExecution(executionArn, 'Usulan ditarik oleh kabupaten/kota');
  } catch (error) {
    // The withdrawal stands: a run left going finds the proposal WITHDRAWN and can no longer
    // change it (its guarded writes fail, and its failure step leaves a withdrawn proposal alone).
    console.error(
      JSON.stringify({
        level: 'ERROR',
        message: 'withdrawn proposal: execution not stopped',
        proposalId: proposal.id,
        executionArn,
        error: String(error),
      }),
    );
  }
  return json(200, toApiProposal(withdrawn));
}

/**
 * The stored ARN is set when a run records the submission (and by a revision, up front); before
 * that it may be missing or still name the previous revision's run, whose name is known anyway.
 */
function currentExecutionArn(proposal: StoredProposal): string {
  const attempt = proposal.runAttempt ?? 0;
  const stored = proposal.executionArn;
  return stored?.endsWith(`:${executionName(proposal.id, proposal.revision, attempt)}`)
    ? stored
    : executionArnOf(proposal.id, proposal.revision, attempt);
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
