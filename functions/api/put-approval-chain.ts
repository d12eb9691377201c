import middy from '@middy/core';
import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import * as z from 'zod/mini';
import { approvalChains } from '../adapters/dynamodb/chain-reference.js';
import { assertRole } from '../domain/access.js';
import { parseApprovalChain } from '../domain/approval-chain.js';
import { DomainError } from '../domain/errors.js';
import { type ApiEventWithBody, authenticate, httpErrors, jsonBody } from './http/middleware.js';
import { fiscalYearParam } from './http/params.js';
import { json } from './http/responses.js';

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
  // The year comes from the path and the version from the server; what GET adds may come back unchanged.
  const {
    fiscalYear: bodyYear,
    version: _v,
    latestVersion: _l,
    storedBy: _b,
    storedAt: _a,
    ...body
  } = event.parsedBody;
  if (bodyYear !== undefined && bodyYear !== fiscalYear) {
    throw new DomainError(
      'VALIDATION_FAILED',
      `fiscalYear di isi berbeda dengan alamat (${fiscalYear})`,
      400,
      [{ path: 'fiscalYear', message: `Harus ${fiscalYear}` }],
    );
  }
  const parsed = parseApprovalChain({ ...body, fiscalYear, version });
  if (!parsed.ok) {
    throw new DomainError(
      'VALIDATION_FAILED',
      `Rantai persetujuan tidak valid: ${parsed.problems.length} masalah ditemukan`,
      400,
      parsed.problems,
    );
  }
  const stored = await approvalChains.putNext(fiscalYear, {
    version,
    document: parsed.chain,
    by: event.caller.email || event.caller.id,
    at: new Date().toISOString(),
  });
  if (!stored)
    throw new DomainError(
      'CONFLICT',
      'Versi rantai persetujuan baru disimpan orang lain pada saat yang sama; muat ulang lalu coba lagi',
      409,
    );
  return json(201, { ...parsed.chain, latestVersion: version });
}

export const handler = middy<ApiEventWithBody<Record<string, unknown>>, APIGatewayProxyResultV2>()
  .use(httpErrors())
  .use(authenticate())
  .use(jsonBody(z.record(z.string(), z.unknown())))
  .handler(putApprovalChain);
