import middy from '@middy/core';
import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import * as z from 'zod/mini';
import { referenceRepository } from '../adapters/dynamodb/reference-repository.js';
import { assertRole } from '../domain/access.js';
import { actorOf } from '../domain/caller.js';
import { DomainError } from '../domain/errors.js';
import { parseRuleSet } from '../domain/policy/rule-set.js';
import { type ApiEventWithBody, authenticate, httpErrors, jsonBody } from './http/middleware.js';
import { fiscalYearParam } from './http/params.js';
import { json } from './http/responses.js';

/**
 * PUT /policies/{fiscalYear}: a whole new rule set, validated completely (every problem listed,
 * nothing stored when any is found) and stored as the next version. Older versions stay, so each
 * proposal's recorded check can still be explained by the rules that made it.
 */
async function putPolicy(event: ApiEventWithBody<Record<string, unknown>>): Promise<APIGatewayProxyResultV2> {
  assertRole(event.caller, 'admin');
  const fiscalYear = fiscalYearParam(event);
  const latest = await referenceRepository.latestRuleSet(fiscalYear);
  const version = (latest?.version ?? 0) + 1;
  // The server assigns the version and the year comes from the path; a body that names another year is an error.
  if (event.parsedBody.fiscalYear !== undefined && event.parsedBody.fiscalYear !== fiscalYear) {
    throw new DomainError(
      'VALIDATION_FAILED',
      `fiscalYear di isi (${String(event.parsedBody.fiscalYear)}) berbeda dengan alamat (${fiscalYear})`,
      400,
      [{ path: 'fiscalYear', message: `Harus ${fiscalYear}` }],
    );
  }
  // What GET returns about storage may come back unchanged in an edited copy; it is not part of the rules.
  const { latestVersion: _l, storedBy: _b, storedAt: _a, ...body } = event.parsedBody;
  const parsed = parseRuleSet({ ...body, fiscalYear, version });
  if (!parsed.ok) {
    throw new DomainError(
      'VALIDATION_FAILED',
      `Aturan tidak valid: ${parsed.problems.length} masalah ditemukan`,
      400,
      parsed.problems,
    );
  }
  const stored = await referenceRepository.putRuleSetVersion(
    fiscalYear,
    version,
    parsed.ruleSet,
    actorOf(event.caller),
    new Date().toISOString(),
  );
  if (!stored)
    throw new DomainError(
      'CONFLICT',
      'Versi aturan baru disimpan orang lain pada saat yang sama; muat ulang lalu coba lagi',
      409,
    );
  return json(201, { ...parsed.ruleSet, latestVersion: version });
}

export const handler = middy<ApiEventWithBody<Record<string, unknown>>, APIGatewayProxyResultV2>()
  .use(httpErrors())
  .use(authenticate())
  .use(jsonBody(z.record(z.string(), z.unknown())))
  .handler(putPolicy);
