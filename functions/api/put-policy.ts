import middy from '@middy/core';
import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import * as z from 'zod/mini';
import * as referenceRepository from '../adapters/dynamodb/reference-repository.js';
import { assertRole } from '../domain/access.js';
import { actorOf } from '../domain/caller.js';
import { parseRuleSet } from '../domain/policy/rule-set.js';
import { type ApiEventWithBody, authenticate, httpErrors, jsonBody } from './http/middleware.js';
import { fiscalYearParam } from './http/params.js';
import { json } from './http/responses.js';
import { documentBody, invalidDocument, versionTaken } from './http/versioned-document.js';

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
  const body = documentBody(event.parsedBody, fiscalYear);
  const parsed = parseRuleSet({ ...body, fiscalYear, version });
  if (!parsed.ok) throw invalidDocument('Aturan', parsed.problems);
  const stored = await referenceRepository.putRuleSetVersion(
    fiscalYear,
    version,
    parsed.ruleSet,
    actorOf(event.caller),
    new Date().toISOString(),
  );
  if (!stored) throw versionTaken('aturan');
  return json(201, { ...parsed.ruleSet, latestVersion: version });
}

export const handler = middy<ApiEventWithBody<Record<string, unknown>>, APIGatewayProxyResultV2>()
  .use(httpErrors())
  .use(authenticate())
  .use(jsonBody(z.record(z.string(), z.unknown())))
  .handler(putPolicy);
