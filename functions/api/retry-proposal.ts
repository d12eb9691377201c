import middy from '@middy/core';
import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import { ConditionFailedError, proposalRepository } from '../adapters/dynamodb/proposal-repository.js';
import { runMarkers } from '../adapters/dynamodb/run-markers.js';
import { startProposalWorkflow } from '../adapters/stepfunctions.js';
import { assertRole } from '../domain/access.js';
import { DomainError, notFound } from '../domain/errors.js';
import { toApiProposal } from '../domain/new-proposal.js';
import { type RetryInput, retryInputSchema, retryTarget } from '../domain/retry.js';
import { type ApiEventWithBody, authenticate, httpErrors, jsonBody } from './http/middleware.js';
import { json } from './http/responses.js';

const PROPOSAL_ID = /^[0-9A-Z]{26}$/;

/**
 * POST /proposals/{id}/retry (admin): an OVERDUE or FAILED proposal continues where it stopped, in
 * a new run (the revision's next attempt). The status change, its audit event and the marker of
 * the run to start are one guarded write, so two retries at once start one run, and a crash before
 * StartExecution leaves the marker for the sweep.
 */
async function retryProposal(event: ApiEventWithBody<RetryInput>): Promise<APIGatewayProxyResultV2> {
  assertRole(event.caller, 'admin');
  const id = event.pathParameters?.id ?? '';
  const proposal = PROPOSAL_ID.test(id) ? await proposalRepository.get(id) : null;
  if (!proposal) throw notFound('Usulan');
  const target = retryTarget(proposal);
  const attempt = (proposal.runAttempt ?? 0) + 1;
  const at = new Date().toISOString();
  let retried: typeof proposal;
  try {
    retried = await proposalRepository.update(
      proposal,
      {
        status: target,
        runAttempt: attempt,
        failure: undefined,
        ...(target === 'SUBMITTED' ? { policyCheck: null } : {}),
      },
      { at, actor: event.caller.email || event.caller.id, type: 'RETRIED', note: event.parsedBody.note },
      [runMarkers.put({ proposalId: proposal.id, revision: proposal.revision, attempt, since: at })],
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
  await startProposalWorkflow(proposal.id, proposal.revision, attempt);
  return json(202, toApiProposal(retried));
}

export const handler = middy<ApiEventWithBody<RetryInput>, APIGatewayProxyResultV2>()
  .use(httpErrors())
  .use(authenticate())
  .use(jsonBody(retryInputSchema))
  .handler(retryProposal);
