import middy from '@middy/core';
import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import { proposalsAwaitingAtStage } from '../adapters/dynamodb/proposal-queries.js';
import { DomainError, forbidden } from '../domain/errors.js';
import { toApiProposal } from './http/api-proposal.js';
import { type ApiEvent, authenticate, httpErrors } from './http/middleware.js';
import { json } from './http/responses.js';

const STAGE = /^[A-Z][A-Z0-9_]{1,39}$/;

/**
 * GET /approvals?stage=&status=pending: what waits at a stage, oldest request first, each with when
 * its approval was requested and when it turns overdue. An approver sees the stage named in their
 * sign-in; an admin any stage.
 */
async function listApprovals(event: ApiEvent): Promise<APIGatewayProxyResultV2> {
  const { caller } = event;
  const query = event.queryStringParameters ?? {};
  const stage = query.stage ?? caller.stage ?? '';
  if (!STAGE.test(stage))
    throw new DomainError('VALIDATION_FAILED', 'Parameter stage wajib diisi, mis. KABID_IKM', 400, [
      { path: 'stage', message: 'Kode tahap huruf besar, angka dan _' },
    ]);
  if ((query.status ?? 'pending') !== 'pending')
    throw new DomainError('VALIDATION_FAILED', 'Parameter status hanya mendukung "pending"', 400, [
      { path: 'status', message: 'Harus pending' },
    ]);
  if (caller.role === 'approver' ? caller.stage !== stage : caller.role !== 'admin')
    throw forbidden('Daftar tunggu tahap ini hanya untuk pejabat tahap tersebut atau admin');

  const waiting = await proposalsAwaitingAtStage(stage);
  return json(200, {
    stage,
    items: waiting.map((p) => ({
      proposal: toApiProposal(p),
      stage,
      requestedAt: p.stageRequestedAt,
      overdueAt: p.stageOverdueAt,
    })),
  });
}

export const handler = middy<ApiEvent, APIGatewayProxyResultV2>()
  .use(httpErrors())
  .use(authenticate())
  .handler(listApprovals);
