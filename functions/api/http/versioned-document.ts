import type { ErrorDetail } from '../../domain/errors.js';
import { DomainError } from '../../domain/errors.js';

/**
 * What PUT of a year's versioned document (a rule set, an approval chain) shares: the year comes
 * from the path and the version from the server, so an edited copy of what GET returned may carry
 * them back unchanged, with the storage fields; a body that names another year is an error.
 */
export function documentBody(body: Record<string, unknown>, fiscalYear: number): Record<string, unknown> {
  const { fiscalYear: bodyYear, version: _v, latestVersion: _l, storedBy: _b, storedAt: _a, ...rest } = body;
  if (bodyYear !== undefined && bodyYear !== fiscalYear) {
    throw new DomainError(
      'VALIDATION_FAILED',
      `fiscalYear di isi (${String(bodyYear)}) berbeda dengan alamat (${fiscalYear})`,
      400,
      [{ path: 'fiscalYear', message: `Harus ${fiscalYear}` }],
    );
  }
  return rest;
}

/** 400 listing every problem of a document; nothing is stored. `what`: e.g. "Aturan". */
export const invalidDocument = (what: string, problems: ErrorDetail[]): DomainError =>
  new DomainError(
    'VALIDATION_FAILED',
    `${what} tidak valid: ${problems.length} masalah ditemukan`,
    400,
    problems,
  );

/** 409 when another admin stored the same next version first. `what`: e.g. "aturan". */
export const versionTaken = (what: string): DomainError =>
  new DomainError(
    'CONFLICT',
    `Versi ${what} baru disimpan orang lain pada saat yang sama; muat ulang lalu coba lagi`,
    409,
  );
