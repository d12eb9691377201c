import * as z from 'zod/mini';
import type { Caller } from './caller.js';
import { forbidden, validationFailed } from './errors.js';
import { districtCodeSchema, fiscalYearTextSchema } from './fields.js';
import { PROPOSAL_STATUSES, type ProposalStatus } from './proposal.js';
import './validation-locale.js';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 100;

const digits = (max: number) => new RegExp(`^\\d{1,${max}}$`);

/** The query string of GET /proposals; every value arrives as text. */
export const listQuerySchema = z.strictObject({
  fiscalYear: fiscalYearTextSchema,
  districtCode: z.optional(districtCodeSchema),
  status: z.optional(
    z.enum(PROPOSAL_STATUSES, { error: `Status harus salah satu dari ${PROPOSAL_STATUSES.join(', ')}` }),
  ),
  cursor: z.optional(z.string().check(z.minLength(1))),
  limit: z.optional(
    z.pipe(
      z.pipe(
        z.string().check(z.regex(digits(3), `Batas (limit) harus angka 1–${MAX_PAGE_SIZE}`)),
        z.transform(Number),
      ),
      z
        .int()
        .check(
          z.minimum(1, `Batas (limit) harus angka 1–${MAX_PAGE_SIZE}`),
          z.maximum(MAX_PAGE_SIZE, `Batas (limit) paling banyak ${MAX_PAGE_SIZE}`),
        ),
    ),
  ),
});
export type ListQuery = z.infer<typeof listQuerySchema>;

/** The query string as validated values, or 400 with every problem listed. */
export function parseListQuery(raw: Readonly<Record<string, string | undefined>>): ListQuery {
  const parsed = listQuerySchema.safeParse(raw);
  if (!parsed.success) {
    throw validationFailed(
      'Parameter daftar usulan tidak valid; periksa kolom yang disebut',
      parsed.error.issues,
    );
  }
  return parsed.data;
}

/**
 * Which index partitions a listing reads (keys.ts): a district's year (GSI1, optionally narrowed
 * to one status), a year's status (GSI2), or a whole year (GSI2, every status merged).
 */
export type ListScope =
  | { kind: 'district'; fiscalYear: number; districtCode: string; status?: ProposalStatus | undefined }
  | { kind: 'yearStatus'; fiscalYear: number; status: ProposalStatus }
  | { kind: 'year'; fiscalYear: number };

/** A district office lists only its own proposals; the province's roles list any district or all. */
export function listScope(caller: Caller, query: ListQuery): ListScope {
  const { fiscalYear, status } = query;
  if (caller.role === 'submitter') {
    const own = caller.districtCode;
    if (!own) throw forbidden('Akun operator ini tidak terikat pada kabupaten/kota mana pun');
    if (query.districtCode !== undefined && query.districtCode !== own) {
      throw forbidden(`Anda hanya dapat melihat usulan kabupaten/kota ${own}`);
    }
    return { kind: 'district', fiscalYear, districtCode: own, status };
  }
  if (query.districtCode !== undefined)
    return { kind: 'district', fiscalYear, districtCode: query.districtCode, status };
  return status ? { kind: 'yearStatus', fiscalYear, status } : { kind: 'year', fiscalYear };
}
