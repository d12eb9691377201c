import type { StoredDocument } from '../../adapters/dynamodb/versioned-documents.js';
import type { ErrorDetail } from '../../domain/errors.js';
import { DomainError, notFound } from '../../domain/errors.js';

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

/** Where a kind of versioned document is read: its latest version, or one by number. */
export interface VersionedStore {
  latest(fiscalYear: number): Promise<StoredDocument | null>;
  version(fiscalYear: number, version: number): Promise<StoredDocument | null>;
}

/**
 * What GET of a year's versioned document answers: the latest version (or `?version=N`), with the
 * latest version's number and who stored the one shown, when. `what`: e.g. "Aturan".
 */
export async function documentOfYear(
  store: VersionedStore,
  fiscalYear: number,
  asked: string | undefined,
  what: string,
): Promise<Record<string, unknown>> {
  const latest = await store.latest(fiscalYear);
  if (!latest) throw notFound(`${what} TA ${fiscalYear}`);
  let shown = latest;
  if (asked !== undefined) {
    const version = Number(asked);
    if (!/^\d{1,6}$/.test(asked) || version < 1)
      throw new DomainError('VALIDATION_FAILED', 'Parameter version harus bilangan bulat positif', 400);
    const found = await store.version(fiscalYear, version);
    if (!found) throw notFound(`${what} TA ${fiscalYear} versi ${version}`);
    shown = found;
  }
  return {
    ...(shown.document as object),
    latestVersion: latest.version,
    storedBy: shown.by,
    storedAt: shown.at,
  };
}
