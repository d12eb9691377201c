import middy from '@middy/core';
import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import { forgetRound } from '../adapters/dynamodb/round-cache.js';
import * as roundRepository from '../adapters/dynamodb/round-repository.js';
import { assertRole } from '../domain/access.js';
import { actorOf } from '../domain/caller.js';
import { DomainError } from '../domain/errors.js';
import { normalised, type Round, type RoundInput, roundInputSchema, windowText } from '../domain/round.js';
import { type ApiEventWithBody, authenticate, httpErrors, jsonBody } from './http/middleware.js';
import { fiscalYearParam } from './http/params.js';
import { json } from './http/responses.js';

const conflict = (message: string) => new DomainError('CONFLICT', message, 409);

/**
 * PUT /rounds/{fiscalYear} (admin): creates or changes the year's round (open, close, extend,
 * move the meeting), as one write guarded on the version read and audited with before and after.
 * A body may carry the `version` it was edited from; a newer stored version refuses it. A FINAL
 * round is frozen.
 */
async function putRound(event: ApiEventWithBody<RoundInput>): Promise<APIGatewayProxyResultV2> {
  assertRole(event.caller, 'admin');
  const fiscalYear = fiscalYearParam(event);
  const { version: read, fiscalYear: bodyYear, ...fields } = event.parsedBody;
  if (bodyYear !== undefined && bodyYear !== fiscalYear)
    throw new DomainError(
      'VALIDATION_FAILED',
      `fiscalYear di isi (${bodyYear}) berbeda dengan alamat (${fiscalYear})`,
      400,
      [{ path: 'fiscalYear', message: `Harus ${fiscalYear}` }],
    );
  const before = await roundRepository.get(fiscalYear);
  if (before?.state === 'FINAL')
    throw new DomainError(
      'INVALID_TRANSITION',
      `Putaran TA ${fiscalYear} sudah final dan tidak dapat diubah`,
      409,
    );
  if (before && read !== undefined && read !== before.version)
    throw conflict(
      `Putaran TA ${fiscalYear} sudah diubah (versi ${before.version}); muat ulang lalu coba lagi`,
    );
  const after: Round = {
    ...normalised(fields),
    fiscalYear,
    version: (before?.version ?? 0) + 1,
    ...(before?.snapshotVersion ? { snapshotVersion: before.snapshotVersion } : {}),
  };
  const saved = await roundRepository.save(before, after, {
    at: new Date().toISOString(),
    actor: actorOf(event.caller),
    type: before ? 'ROUND_UPDATED' : 'ROUND_CREATED',
    note: `${after.state}; masa pengajuan ${windowText(after)}`,
  });
  if (!saved)
    throw conflict(
      `Putaran TA ${fiscalYear} diubah orang lain pada saat yang sama; muat ulang lalu coba lagi`,
    );
  forgetRound(fiscalYear);
  return json(200, after);
}

export const handler = middy<ApiEventWithBody<RoundInput>, APIGatewayProxyResultV2>()
  .use(httpErrors())
  .use(authenticate())
  .use(jsonBody(roundInputSchema))
  .handler(putRound);
