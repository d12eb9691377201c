/**
 * `npm run -s token -- --role submitter --district 73.71`: prints a bearer token for a local
 * person and nothing else on stdout, so `TOKEN=$(npm run -s token -- …)` works. It signs with the
 * key files under the data directory, so it works whether or not the local stack is running.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ROLES, type Role } from '../../functions/domain/caller.js';
import { parseErrorMessage, UsageError } from './command-line.js';
import { DEFAULT_TOKEN_TTL_SECONDS, type IssueTokenOptions, issueToken } from './jwt-issuer.js';

const DISTRICTS_CSV = join(
  resolve(dirname(fileURLToPath(import.meta.url)), '..', '..'),
  'data',
  'districts.csv',
);
const STAGE_PATTERN = /^[A-Z][A-Z_]*$/;
const MAX_TTL_SECONDS = 30 * 24 * 60 * 60;

const USAGE = `Pemakaian: npm run -s token -- --role <peran> [opsi]
  --role submitter|approver|admin|auditor   peran (wajib)
  --district KODE    kode kabupaten/kota, wajib untuk submitter (mis. 73.71)
  --stage TAHAP      tahap persetujuan, wajib untuk approver (mis. KABID_IKM, KADIS)
  --email ALAMAT     alamat email orang tersebut
  --ttl DETIK        masa berlaku token dalam detik (bawaan ${DEFAULT_TOKEN_TTL_SECONDS})`;

async function main(argv: string[]): Promise<void> {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(argv).values;
  } catch (error) {
    throw new UsageError(parseErrorMessage(error));
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const options = await tokenOptions(values);
  const token = await issueToken(options);
  process.stdout.write(`${token}\n`);
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      role: { type: 'string' },
      district: { type: 'string' },
      stage: { type: 'string' },
      email: { type: 'string' },
      ttl: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

async function tokenOptions(values: ReturnType<typeof parse>['values']): Promise<IssueTokenOptions> {
  const { role, district, stage, email, ttl } = values;
  if (!role) throw new UsageError('Opsi --role wajib diisi: submitter, approver, admin, atau auditor.');
  if (!isRole(role))
    throw new UsageError(`Peran "${role}" tidak dikenal. Pilih salah satu: ${ROLES.join(', ')}.`);

  if (role === 'submitter') {
    if (!district)
      throw new UsageError('Peran submitter memerlukan --district KODE (mis. --district 73.71).');
    const codes = await districtCodes();
    if (!codes.includes(district)) {
      throw new UsageError(
        `Kode kabupaten/kota "${district}" tidak dikenal. Kode yang berlaku: ${codes.join(', ')}.`,
      );
    }
  } else if (district) {
    throw new UsageError('Opsi --district hanya berlaku untuk peran submitter.');
  }

  if (role === 'approver') {
    if (!stage)
      throw new UsageError('Peran approver memerlukan --stage TAHAP (mis. --stage KABID_IKM atau KADIS).');
    if (!STAGE_PATTERN.test(stage)) {
      throw new UsageError(
        `Tahap "${stage}" tidak sah: gunakan huruf besar dan garis bawah, mis. KABID_IKM.`,
      );
    }
  } else if (stage) {
    throw new UsageError('Opsi --stage hanya berlaku untuk peran approver.');
  }

  // Same rule as the handlers' claim parser, so a token never carries an email they would refuse.
  if (email !== undefined && !z.string().email().safeParse(email).success) {
    throw new UsageError(`Alamat email "${email}" tidak sah.`);
  }

  let ttlSeconds = DEFAULT_TOKEN_TTL_SECONDS;
  if (ttl !== undefined) {
    ttlSeconds = Number(ttl);
    if (!/^\d+$/.test(ttl) || ttlSeconds <= 0 || ttlSeconds > MAX_TTL_SECONDS) {
      throw new UsageError(
        `Nilai --ttl "${ttl}" tidak sah: isi jumlah detik antara 1 dan ${MAX_TTL_SECONDS}.`,
      );
    }
  }

  return { role, districtCode: district, stage, email, ttlSeconds };
}

function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** The Kemendagri codes, first column of data/districts.csv (a plain column: no quotes, no commas). */
async function districtCodes(): Promise<string[]> {
  const csv = await readFile(DISTRICTS_CSV, 'utf8');
  return csv
    .split(/\r?\n/)
    .slice(1)
    .filter((line) => line.includes(','))
    .map((line) => line.slice(0, line.indexOf(',')).trim())
    .filter((code) => code.length > 0);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError) {
    process.stderr.write(`${error.message}\n\n${USAGE}\n`);
  } else {
    process.stderr.write(`Gagal membuat token: ${(error as Error).message ?? String(error)}\n`);
  }
  process.exitCode = 2;
});
