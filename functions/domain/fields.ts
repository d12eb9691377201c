/**
 * The small value rules that many records and requests share: a fiscal year, a district code, a
 * proposal id and a whole-rupiah amount. Each rule is written here once; schemas, path checks and
 * file loaders use these pieces instead of restating the bounds or the pattern.
 */
import * as z from 'zod/mini';
import { formatRupiah, MAX_FUNDING_LINE_AMOUNT, MAX_POOL_CEILING } from './money.js';
import './validation-locale.js';

/** The fiscal years the office may plan for: wide enough for archives, narrow enough to catch typos. */
export const FISCAL_YEAR_MIN = 2000;
export const FISCAL_YEAR_MAX = 2100;

export const fiscalYearSchema = z
  .int()
  .check(
    z.minimum(FISCAL_YEAR_MIN, 'Tahun anggaran di luar rentang'),
    z.maximum(FISCAL_YEAR_MAX, 'Tahun anggaran di luar rentang'),
  );

/** A fiscal year written as text (a query or path parameter): exactly four digits, then the range. */
export const fiscalYearTextSchema = z.pipe(
  z.pipe(
    z
      .string({ error: 'Tahun anggaran (fiscalYear) wajib diisi, mis. 2016' })
      .check(z.regex(/^\d{4}$/, 'Tahun anggaran harus empat angka, mis. 2016')),
    z.transform(Number),
  ),
  fiscalYearSchema,
);

/** The fiscal year in `raw`, or null when it is not four digits within the range. */
export function parseFiscalYear(raw: string): number | null {
  const parsed = fiscalYearTextSchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

/** A Kemendagri code of a district of Sulawesi Selatan (province 73), e.g. 73.71; never a BPS code. */
const DISTRICT_CODE = /^73\.\d{2}$/;

export const districtCodeSchema = z
  .string()
  .check(z.regex(DISTRICT_CODE, 'Kode kabupaten/kota harus berformat 73.xx'));

export const isDistrictCode = (code: string): boolean => DISTRICT_CODE.test(code);

/** A proposal id is a ULID: 26 characters of Crockford base32 (see adapters/ids.ts). */
export const PROPOSAL_ID_CHARS = '[0-9A-HJKMNP-TV-Z]{26}';
const PROPOSAL_ID = new RegExp(`^${PROPOSAL_ID_CHARS}$`);

export const isProposalId = (id: string): boolean => PROPOSAL_ID.test(id);

export const proposalIdSchema = z.string().check(z.regex(PROPOSAL_ID, 'Nomor usulan tidak dikenal'));

/** Money is kept in whole rupiah (no sen) and stays a safe integer so sums are exact. */
export const isWholeRupiah = (amount: number): boolean => Number.isSafeInteger(amount) && amount > 0;

/**
 * A funding line of a proposal: positive whole rupiah, at most MAX_FUNDING_LINE_AMOUNT, so that a
 * proposal's total (three lines at most) stays exact (see money.ts).
 */
export const fundingAmountSchema = z
  .number({ error: 'Jumlah harus berupa angka' })
  .check(
    z.int('Jumlah harus rupiah bulat'),
    z.positive('Jumlah harus lebih dari 0'),
    z.maximum(
      MAX_FUNDING_LINE_AMOUNT,
      `Jumlah per sumber dana paling banyak ${formatRupiah(MAX_FUNDING_LINE_AMOUNT)}`,
    ),
  );

/** A positive amount of whole rupiah in the rules: a ceiling of a rule, a cost limit. */
export const wholeRupiahSchema = z
  .number({ error: 'Jumlah harus berupa angka' })
  .check(
    z.int('Jumlah harus rupiah bulat'),
    z.positive('Jumlah harus lebih dari 0'),
    z.maximum(MAX_POOL_CEILING, `Jumlah paling banyak ${formatRupiah(MAX_POOL_CEILING)}`),
  );

/** An amount of whole rupiah that may be zero, such as a threshold. */
export const rupiahOrZeroSchema = z
  .number({ error: 'Jumlah harus berupa angka' })
  .check(
    z.int('Jumlah harus rupiah bulat'),
    z.minimum(0, 'Jumlah tidak boleh negatif'),
    z.maximum(MAX_POOL_CEILING, `Jumlah paling banyak ${formatRupiah(MAX_POOL_CEILING)}`),
  );

/**
 * A ceiling of whole rupiah that may be zero (a pool with nothing in it yet), at most
 * MAX_POOL_CEILING so that a year's sums of ceilings, allocations and remainders stay exact.
 */
export const rupiahCeilingSchema = z
  .number({ error: 'Pagu harus berupa angka' })
  .check(
    z.int('Pagu harus rupiah bulat'),
    z.minimum(0, 'Pagu tidak boleh negatif'),
    z.maximum(MAX_POOL_CEILING, `Pagu paling banyak ${formatRupiah(MAX_POOL_CEILING)}`),
  );

/** The longest note a person may attach to a decision or a withdrawal. */
export const NOTE_MAX_LENGTH = 2000;

export const noteSchema = z
  .string()
  .check(z.trim(), z.maxLength(NOTE_MAX_LENGTH, `Catatan paling banyak ${NOTE_MAX_LENGTH} karakter`));
