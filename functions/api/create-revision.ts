import { createHash } from 'node:crypto';
import middy from '@middy/core';
import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import { idempotencyRepository } from '../adapters/dynamodb/idempotency-repository.js';
import { ConditionFailedError, proposalRepository } from '../adapters/dynamodb/proposal-repository.js';
import { executionArnOf, startProposalWorkflow } from '../adapters/stepfunctions.js';
import { assertCanSubmit } from '../domain/access.js';
import { DomainError, notFound } from '../domain/errors.js';
import { toApiProposal } from '../domain/new-proposal.js';
import { type ProposalInput, proposalInputSchema } from '../domain/proposal.js';
import { revisedProposal } from '../domain/revision.js';
import { type ApiEventWithBody, authenticate, httpErrors, jsonBody } from './http/middleware.js';
import { json } from './http/responses.js';

const PROPOSAL_ID = /^[0-9A-Z]{26}$/;
const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,128}$/;

/**
 * POST /proposals/{id}/revisions: the district's full new body for a RETURNED proposal becomes
 * the next revision (SUBMITTED again) and a new workflow execution, `<id>-r<revision>`, checks it
 * from the start. `Idempotency-Key` works as on POST /proposals.
 */
async function createRevision(event: ApiEventWithBody<ProposalInput>): Promise<APIGatewayProxyResultV2> {
  const { caller, parsedBody: input } = event;
  const id = event.pathParameters?.id ?? '';
  const current = PROPOSAL_ID.test(id) ? await proposalRepository.get(id) : null;
  if (!current) throw notFound('Usulan');
  assertCanSubmit(caller, current.districtCode);

  const key = event.headers['idempotency-key'];
  if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
    throw new DomainError(
      'VALIDATION_FAILED',
      'Idempotency-Key harus 8–128 karakter huruf, angka, atau - _ . :',
      400,
    );
  }
  // The target is part of the request: the same key on another proposal is a different request.
  const bodyHash = createHash('sha256')
    .update(JSON.stringify({ proposalId: id, revisionOf: input }))
    .digest('base64url');
  if (key) {
    const replay = await replayOf(caller.id, key, bodyHash);
    if (replay) return replay;
  }

  const now = new Date();
  const next = {
    ...revisedProposal(current, input, caller, now.toISOString()),
    // Known before the start, so a withdrawal in between stops the right execution.
    executionArn: executionArnOf(current.id, current.revision + 1),
  };
  const response = json(201, toApiProposal(next));
  const extra = key
    ? [
        idempotencyRepository.putWrite(
          caller.id,
          key,
          { bodyHash, statusCode: 201, body: response.body ?? '', proposalId: id, revision: next.revision },
          Math.floor(now.getTime() / 1000),
        ),
      ]
    : [];
  try {
    await proposalRepository.revise(
      current,
      next,
      {
        at: next.updatedAt,
        actor: caller.email || caller.id,
        type: 'REVISED',
        note: `Revisi ke-${next.revision} diajukan`,
      },
      extra,
    );
  } catch (error) {
    if (key && error instanceof ConditionFailedError) {
      const replay = await replayOf(caller.id, key, bodyHash);
      if (replay) return replay;
    }
    throw error;
  }
  await startProposalWorkflow(id, next.revision);
  return response;
}

/** A repeat: the first answer again, and its workflow started in case the first request died before. */
async function replayOf(
  caller: string,
  key: string,
  bodyHash: string,
): Promise<APIGatewayProxyResultV2 | null> {
  const record = await idempotencyRepository.get(caller, key);
  if (!record) return null;
  if (record.bodyHash !== bodyHash) {
    throw new DomainError(
      'IDEMPOTENCY_KEY_REUSED',
      'Idempotency-Key ini sudah dipakai untuk permintaan dengan isi berbeda',
      422,
    );
  }
  await startProposalWorkflow(record.proposalId, record.revision);
  return { statusCode: record.statusCode, headers: json(201, null).headers, body: record.body };
}

export const handler = middy<ApiEventWithBody<ProposalInput>, APIGatewayProxyResultV2>()
  .use(httpErrors())
  .use(authenticate())
  .use(jsonBody(proposalInputSchema))
  .handler(createRevision);
