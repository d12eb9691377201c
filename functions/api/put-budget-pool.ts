import middy from '@middy/core';
import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import * as referenceRepository from '../adapters/dynamodb/reference-repository.js';
import { setPoolCeiling } from '../budget/pool-ceiling.js';
import { assertRole } from '../domain/access.js';
import { actorOf } from '../domain/caller.js';
import { DomainError } from '../domain/errors.js';
import { isDistrictCode } from '../domain/fields.js';
import { type CeilingBody, ceilingSchema, DISTRICT_SOURCE, type PoolId } from '../domain/pool-ceiling.js';
import { FUNDING_SOURCES, type FundingSource } from '../domain/proposal.js';
import { type ApiEventWithBody, authenticate, httpErrors, jsonBody } from './http/middleware.js';
import { fiscalYearParam } from './http/params.js';
import { json } from './http/responses.js';

const invalid = (path: string, message: string) =>
  new DomainError('VALIDATION_FAILED', message, 400, [{ path, message }]);

/** The pool named by the path; only APBD Kabupaten/Kota pools name a district, one of the 24. */
async function poolOfPath(event: ApiEventWithBody<CeilingBody>): Promise<PoolId> {
  const fiscalYear = fiscalYearParam(event);
  const source = event.pathParameters?.source ?? '';
  if (!(FUNDING_SOURCES as readonly string[]).includes(source)) {
    throw invalid('source', `Sumber dana "${source}" tidak dikenal; gunakan ${FUNDING_SOURCES.join(', ')}`);
  }
  const districtCode = event.pathParameters?.districtCode;
  if (source !== DISTRICT_SOURCE) {
    if (districtCode !== undefined)
      throw invalid(
        'districtCode',
        `Pagu ${source} berlaku untuk seluruh provinsi, tanpa kode kabupaten/kota`,
      );
    return { fiscalYear, source: source as FundingSource };
  }
  if (districtCode === undefined)
    throw invalid('districtCode', 'Pagu APBD_KABUPATEN_KOTA memerlukan kode kabupaten/kota, mis. /73.71');
  const known = isDistrictCode(districtCode) ? await referenceRepository.district(districtCode) : null;
  if (!known) throw invalid('districtCode', `Kabupaten/kota ${districtCode} tidak terdaftar`);
  return { fiscalYear, source: DISTRICT_SOURCE, districtCode };
}

/**
 * PUT /budget-pools/{fiscalYear}/{source}[/{districtCode}] (admin): creates a pool or changes its
 * ceiling. When the pool has room afterwards, WAITLISTED proposals drawing on it are funded.
 */
async function putBudgetPool(event: ApiEventWithBody<CeilingBody>): Promise<APIGatewayProxyResultV2> {
  assertRole(event.caller, 'admin');
  const id = await poolOfPath(event);
  const { pool, created, funded } = await setPoolCeiling(id, event.parsedBody.ceiling, actorOf(event.caller));
  return json(created ? 201 : 200, { pool, funded });
}

export const handler = middy<ApiEventWithBody<CeilingBody>, APIGatewayProxyResultV2>()
  .use(httpErrors())
  .use(authenticate())
  .use(jsonBody(ceilingSchema))
  .handler(putBudgetPool);
