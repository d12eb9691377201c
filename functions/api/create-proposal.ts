import { createHash } from 'node:crypto';
import middy from '@middy/core';
import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import { idempotencyRepository } from '../adapters/dynamodb/idempotency-repository.js';
import { ConditionFailedError, proposalRepository } from '../adapters/dynamodb/proposal-repository.js';
import { newProposalId } from '../adapters/ids.js';
import { startProposalWorkflow } from '../adapters/stepfunctions.js';
import { assertCanSubmit } from '../domain/access.js';
import { DomainError } from '../domain/errors.js';
import { newProposal, toApiProposal } from '../domain/new-proposal.js';
import { type ProposalInput, proposalInputSchema } from '../domain/proposal.js';
import { type ApiEventWithBody, authenticate, httpErrors, jsonBody } from './http/middleware.js';
import { json } from './http/responses.js';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,128}$/;

/** POST /proposals: revision 1 of a district's proposal, and its workflow started. */
async function createProposal(event: ApiEventWithBody<ProposalInput>): Promise<APIGatewayProxyResultV2> {
  const { caller, parsedBody: input } = event;
  assertCanSubmit(caller, input.districtCode);

  const key = event.headers['idempotency-key'];
  if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
    throw new DomainError(
      'VALIDATION_FAILED',
      'Idempotency-Key harus 8–128 karakter huruf, angka, atau - _ . :',
      400,
    );
  }
  const bodyHash = createHash('sha256').update(JSON.stringify(input)).digest('base64url');
  if (key) {
    const replay = await replayOf(caller.id, key, bodyHash);
    if (replay) return replay;
  }

  const now = new Date();
  const proposal = newProposal(input, caller, newProposalId(now.getTime()), now.toISOString());
  const response = json(201, toApiProposal(proposal));
  const extra = key
    ? [
        idempotencyRepository.putWrite(
          caller.id,
          key,
          { bodyHash, statusCode: 201, body: response.body ?? '', proposalId: proposal.id, revision: 1 },
          Math.floor(now.getTime() / 1000),
        ),
      ]
    : [];
  try {
    await proposalRepository.create(
      proposal,
      { at: proposal.createdAt, actor: caller.email || caller.id, type: 'SUBMITTED', note: '' },
      extra,
    );
  } catch (error) {
    // Two requests with the same key raced: the other one won; answer as it did.
    if (key && error instanceof ConditionFailedError) {
      const replay = await replayOf(caller.id, key, bodyHash);
      if (replay) return replay;
    }
    throw error;
  }
  await startProposalWorkflow(proposal.id, proposal.revision);
  return response;
}

/**
 * A repeat of an earlier request: the same answer, and the workflow started in case the first
 * request died between storing the proposal and starting it (the start is idempotent by name).
 */
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
      'Idempotency-Key ini sudah dipakai untuk usulan dengan isi berbeda',
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
  .handler(createProposal);
