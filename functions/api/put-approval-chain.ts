import middy from '@middy/core';
import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import * as z from 'zod/mini';
import { approvalChains } from '../adapters/dynamodb/chain-reference.js';
import { assertRole } from '../domain/access.js';
import { parseApprovalChain } from '../domain/approval-chain-schema.js';
import { actorOf } from '../domain/caller.js';
import { type ApiEventWithBody, authenticate, httpErrors, jsonBody } from './http/middleware.js';
import { fiscalYearParam } from './http/params.js';
import { json } from './http/responses.js';
import { documentBody, invalidDocument, versionTaken } from './http/versioned-document.js';

/**
 * PUT /approval-chains/{fiscalYear} (admin): `{"stages": [...]}` stored as the next version, after
 * a complete validation (every problem listed, nothing stored while any remains). Proposals whose
 * approval already started keep the version they started with.
 */
async function putApprovalChain(
  event: ApiEventWithBody<Record<string, unknown>>,
): Promise<APIGatewayProxyResultV2> {
  assertRole(event.caller, 'admin');
  const fiscalYear = fiscalYearParam(event);
  const latest = await approvalChains.latest(fiscalYear);
  const version = (latest?.version ?? 0) + 1;
  const body = documentBody(event.parsedBody, fiscalYear);
  const parsed = parseApprovalChain({ ...body, fiscalYear, version });
  if (!parsed.ok) throw invalidDocument('Rantai persetujuan', parsed.problems);
  const stored = await approvalChains.putNext(fiscalYear, {
    version,
    document: parsed.chain,
    by: actorOf(event.caller),
    at: new Date().toISOString(),
  });
  if (!stored) throw versionTaken('rantai persetujuan');
  return json(201, { ...parsed.chain, latestVersion: version });
}

export const handler = middy<ApiEventWithBody<Record<string, unknown>>, APIGatewayProxyResultV2>()
  .use(httpErrors())
  .use(authenticate())
  .use(jsonBody(z.record(z.string(), z.unknown())))
  .handler(putApprovalChain);
