import middy from '@middy/core';
import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import { ConditionFailedError } from '../adapters/dynamodb/proposal-repository.js';
import * as proposalWrites from '../adapters/dynamodb/proposal-writes.js';
import { runMarkers, runOf } from '../adapters/dynamodb/run-markers.js';
import { assertRole } from '../domain/access.js';
import { actorOf } from '../domain/caller.js';
import { DomainError } from '../domain/errors.js';
import { type RetryInput, retryInputSchema, retryTarget } from '../domain/retry.js';
import { toApiProposal } from './http/api-proposal.js';
import { type ApiEventWithBody, authenticate, httpErrors, jsonBody } from './http/middleware.js';
import { proposalOfPath } from './http/proposal-of-path.js';
import { json } from './http/responses.js';

/**
 * POST /proposals/{id}/retry (admin): an OVERDUE or FAILED proposal continues where it stopped, in
 * a new run (the revision's next attempt). The status change, its audit event and the marker of
 * the run to start are one guarded write, so two retries at once start one run; the table's stream
 * hands the marker to the run starter (functions/runs/run-control.ts), and the sweep hands it
 * over again if the run never started.
 */
async function retryProposal(event: ApiEventWithBody<RetryInput>): Promise<APIGatewayProxyResultV2> {
  assertRole(event.caller, 'admin');
  const proposal = await proposalOfPath(event);
  const target = retryTarget(proposal);
  const attempt = (proposal.runAttempt ?? 0) + 1;
  const at = new Date().toISOString();
  let retried: typeof proposal;
  try {
    retried = await proposalWrites.update(
      proposal,
      {
        status: target,
        runAttempt: attempt,
        failure: undefined,
        ...(target === 'SUBMITTED' ? { policyCheck: null } : {}),
      },
      { at, actor: actorOf(event.caller), type: 'RETRIED', note: event.parsedBody.note },
      [runMarkers.put({ ...runOf(proposal, attempt), since: at })],
    );
  } catch (error) {
    if (error instanceof ConditionFailedError)
      throw new DomainError(
        'CONFLICT',
        'Usulan baru saja diubah (mungkin sudah dilanjutkan); muat ulang lalu periksa',
        409,
      );
    throw error;
  }
  return json(202, toApiProposal(retried));
}

export const handler = middy<ApiEventWithBody<RetryInput>, APIGatewayProxyResultV2>()
  .use(httpErrors())
  .use(authenticate())
  .use(jsonBody(retryInputSchema))
  .handler(retryProposal);
