import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { proposalRepository, type StoredProposal } from '../../adapters/dynamodb/proposal-repository.js';
import { notFound } from '../../domain/errors.js';
import { isProposalId } from '../../domain/fields.js';

/**
 * The proposal named by `{id}` in the path, or 404. An id that cannot be a proposal id is answered
 * the same way without a read. Each handler then checks what the caller may do with it.
 */
export async function proposalOfPath(
  event: Pick<APIGatewayProxyEventV2, 'pathParameters'>,
): Promise<StoredProposal> {
  const id = event.pathParameters?.id ?? '';
  const proposal = isProposalId(id) ? await proposalRepository.get(id) : null;
  if (!proposal) throw notFound('Usulan');
  return proposal;
}
