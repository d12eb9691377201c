import middy from '@middy/core';
import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import * as z from 'zod/mini';
import { forgetDistricts } from '../adapters/dynamodb/reference-cache.js';
import * as referenceRepository from '../adapters/dynamodb/reference-repository.js';
import { assertRole } from '../domain/access.js';
import { actorOf } from '../domain/caller.js';
import { DomainError, notFound } from '../domain/errors.js';
import { isDistrictCode } from '../domain/fields.js';
import { type ApiEventWithBody, authenticate, httpErrors, jsonBody } from './http/middleware.js';
import { json } from './http/responses.js';

/**
 * What an admin may change: the name as shown, the leading commodities (sample data, not law) and
 * the addresses outcome mails go to. Any of them; at least one.
 */
export const districtEditSchema = z
  .strictObject({
    name: z.optional(z.string().check(z.trim(), z.minLength(3), z.maxLength(100))),
    leadingCommodities: z.optional(
      z
        .array(z.string().check(z.trim(), z.toLowerCase(), z.minLength(2), z.maxLength(100)))
        .check(z.maxLength(50)),
    ),
    contactEmails: z.optional(
      z
        .array(z.email('Alamat email tidak valid').check(z.maxLength(254)))
        .check(z.maxLength(10, 'Paling banyak 10 alamat')),
    ),
  })
  .check(
    z.refine((edit) => Object.keys(edit).length > 0, {
      message: 'Isi minimal satu dari name, leadingCommodities, contactEmails',
    }),
  );
type DistrictEdit = z.infer<typeof districtEditSchema>;

/** PUT /districts/{code} (admin): edits a district's reference record, guarded and audited. */
async function putDistrict(event: ApiEventWithBody<DistrictEdit>): Promise<APIGatewayProxyResultV2> {
  assertRole(event.caller, 'admin');
  const code = event.pathParameters?.code ?? '';
  const before = isDistrictCode(code) ? await referenceRepository.district(code) : null;
  if (!before) throw notFound(`Kabupaten/kota ${code}`);
  const { version: _v, ...current } = before;
  const after = {
    ...current,
    name: event.parsedBody.name ?? current.name,
    leadingCommodities: event.parsedBody.leadingCommodities
      ? [...new Set(event.parsedBody.leadingCommodities)]
      : current.leadingCommodities,
    contactEmails: event.parsedBody.contactEmails
      ? [...new Set(event.parsedBody.contactEmails.map((e) => e.toLowerCase()))]
      : (current.contactEmails ?? []),
  };
  const saved = await referenceRepository.updateDistrict(before, after, {
    at: new Date().toISOString(),
    actor: actorOf(event.caller),
    note: `Komoditas unggulan: ${after.leadingCommodities.join(', ') || '-'}; kontak: ${after.contactEmails.join(', ') || '-'}`,
  });
  if (!saved)
    throw new DomainError(
      'CONFLICT',
      'Data kabupaten/kota diubah orang lain pada saat yang sama; muat ulang lalu coba lagi',
      409,
    );
  forgetDistricts();
  return json(200, after);
}

export const handler = middy<ApiEventWithBody<DistrictEdit>, APIGatewayProxyResultV2>()
  .use(httpErrors())
  .use(authenticate())
  .use(jsonBody(districtEditSchema))
  .handler(putDistrict);
