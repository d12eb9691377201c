import middy from '@middy/core';
import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import * as z from 'zod/mini';
import { type PoolEvent, poolRepository, type VersionedPool } from '../adapters/dynamodb/pool-repository.js';
import { referenceRepository } from '../adapters/dynamodb/reference-repository.js';
import { assertRole } from '../domain/access.js';
import type { BudgetPool } from '../domain/budget.js';
import { actorOf, type Caller } from '../domain/caller.js';
import { DomainError, TransientError } from '../domain/errors.js';
import { formatRupiah } from '../domain/money.js';
import { DISTRICT_SOURCE, type PoolId, planCeilingChange, poolLabel } from '../domain/pool-ceiling.js';
import { FUNDING_SOURCES, type FundingSource } from '../domain/proposal.js';
import '../domain/validation-locale.js';
import { isDistrictCode, rupiahCeilingSchema } from '../domain/fields.js';
import { fundWaitlist } from '../steps/fund-waitlist.js';
import { type ApiEventWithBody, authenticate, httpErrors, jsonBody } from './http/middleware.js';
import { fiscalYearParam } from './http/params.js';
import { json } from './http/responses.js';

const ceilingSchema = z.strictObject({
  ceiling: rupiahCeilingSchema,
});
type CeilingBody = z.infer<typeof ceilingSchema>;

/** A write that lost to a concurrent allocation's transaction is tried again from a fresh read. */
const ATTEMPTS = 3;

const invalid = (path: string, message: string) =>
  new DomainError('VALIDATION_FAILED', message, 400, [{ path, message }]);

const raceLost = () =>
  new DomainError(
    'CONFLICT',
    'Pagu ini diubah orang lain pada saat yang sama; muat ulang lalu coba lagi',
    409,
  );

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

/** `grown`: the pool has at least as much room as before, so waiting proposals may now fit. */
type Outcome = { created: boolean; grown: boolean };

/** One guarded attempt: read, decide (domain), write conditionally with the audit event. */
async function setCeiling(id: PoolId, ceiling: number, caller: Caller): Promise<Outcome> {
  const current = await poolRepository.get(id);
  const change = planCeilingChange(current, id, ceiling);
  const at = new Date().toISOString();
  const actor = actorOf(caller);
  if (change.kind === 'unchanged') return { created: false, grown: true };
  if (change.kind === 'create') {
    const event: PoolEvent = {
      at,
      actor,
      type: 'POOL_CREATED',
      fromCeiling: null,
      toCeiling: ceiling,
      note: `Pagu ${poolLabel(id)} ditetapkan ${formatRupiah(ceiling)}`,
    };
    if (!(await poolRepository.create(change.after, event))) throw raceLost();
    return { created: true, grown: true };
  }
  const before = current as VersionedPool;
  const event: PoolEvent = {
    at,
    actor,
    type: 'POOL_CEILING_CHANGED',
    fromCeiling: before.ceiling,
    toCeiling: ceiling,
    note: `Pagu ${poolLabel(id)} diubah dari ${formatRupiah(before.ceiling)} menjadi ${formatRupiah(ceiling)}`,
  };
  if (await poolRepository.changeCeiling(before, ceiling, event))
    return { created: false, grown: change.delta > 0 };
  // Lost: either someone changed the ceiling, or allocations took what a lowering needed.
  const fresh = await poolRepository.get(id);
  if (fresh && fresh.ceiling === before.ceiling && fresh.version === before.version) {
    planCeilingChange(fresh, id, ceiling);
  }
  throw raceLost();
}

/**
 * PUT /budget-pools/{fiscalYear}/{source}[/{districtCode}] (admin): creates a pool or changes its
 * ceiling. When the pool has room afterwards, WAITLISTED proposals drawing on it are funded.
 */
async function putBudgetPool(event: ApiEventWithBody<CeilingBody>): Promise<APIGatewayProxyResultV2> {
  assertRole(event.caller, 'admin');
  const id = await poolOfPath(event);
  const { ceiling } = event.parsedBody;
  let outcome: Outcome | undefined;
  for (let attempt = 1; !outcome; attempt++) {
    try {
      outcome = await setCeiling(id, ceiling, event.caller);
    } catch (error) {
      if (!(error instanceof TransientError)) throw error;
      if (attempt >= ATTEMPTS) throw raceLost();
    }
  }
  // A repeated PUT of the same ceiling also runs the waitlist, finishing what an interrupted one began.
  const funded = outcome.grown ? await fundWaitlist(id, actorOf(event.caller)) : [];
  const { version: _v, ...pool } = (await poolRepository.get(id)) as VersionedPool;
  return json(outcome.created ? 201 : 200, { pool: pool satisfies BudgetPool, funded });
}

export const handler = middy<ApiEventWithBody<CeilingBody>, APIGatewayProxyResultV2>()
  .use(httpErrors())
  .use(authenticate())
  .use(jsonBody(ceilingSchema))
  .handler(putBudgetPool);
