import middy from '@middy/core';
import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import { forgetRound } from '../adapters/dynamodb/round-cache.js';
import * as roundRepository from '../adapters/dynamodb/round-repository.js';
import { assertRole } from '../domain/access.js';
import { actorOf } from '../domain/caller.js';
import { DomainError, notFound } from '../domain/errors.js';
import { currentProgramme } from './http/current-programme.js';
import { type ApiEvent, authenticate, httpErrors } from './http/middleware.js';
import { fiscalYearParam } from './http/params.js';
import { json } from './http/responses.js';

/**
 * POST /rounds/{fiscalYear}/finalise (admin): the programme as it stands is frozen as the next
 * snapshot version and the round turns FINAL (no more submissions), in one transaction guarded on
 * the round's version, with its audit event. Finalising again stores a newer snapshot; the older
 * ones stay.
 */
async function finaliseRound(event: ApiEvent): Promise<APIGatewayProxyResultV2> {
  assertRole(event.caller, 'admin');
  const fiscalYear = fiscalYearParam(event);
  const before = await roundRepository.get(fiscalYear);
  if (!before) throw notFound(`Putaran perencanaan TA ${fiscalYear}`);
  const { programme } = await currentProgramme(fiscalYear);
  const at = new Date().toISOString();
  const by = actorOf(event.caller);
  const snapshotVersion = (before.snapshotVersion ?? 0) + 1;
  const after = { ...before, state: 'FINAL' as const, version: before.version + 1, snapshotVersion };
  const saved = await roundRepository.finalise(
    before,
    after,
    { fiscalYear, version: snapshotVersion, at, by, programme },
    {
      at,
      actor: by,
      type: 'ROUND_FINALISED',
      note: `Program TA ${fiscalYear} difinalkan sebagai snapshot versi ${snapshotVersion}`,
    },
  );
  if (!saved)
    throw new DomainError(
      'CONFLICT',
      `Putaran TA ${fiscalYear} diubah orang lain pada saat yang sama; coba lagi`,
      409,
    );
  forgetRound(fiscalYear);
  return json(200, {
    fiscalYear,
    state: after.state,
    snapshotVersion,
    finalisedAt: at,
    totals: programme.totals,
  });
}

export const handler = middy<ApiEvent, APIGatewayProxyResultV2>()
  .use(httpErrors())
  .use(authenticate())
  .handler(finaliseRound);
