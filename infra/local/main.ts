import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { HELP_OPTION, readOptions } from './command-line.js';
import { PROJECT_ROOT, startLocalStack } from './local-stack.js';
import { onShutdown } from './shutdown.js';
import { ensureWebFiles } from './web-files.js';

const USAGE = `Pemakaian: npm start -- [opsi]
Menjalankan stack lokal (API dan halaman, DynamoDB Local, Step Functions lokal, penampung SMTP)
di latar depan sampai Ctrl-C.
  --reset     mulai dengan data kosong (menghapus isi direktori data)
  --quiet     tanpa log (hanya ringkasan saat siap)
  --bundles   menjalankan bundle Lambda persis seperti yang di-deploy (cdk synth), bukan kode sumber
  --help, -h  tampilkan bantuan ini
Variabel lingkungan: PORT (bawaan 3000), DYNAMODB_PORT (8000), SFN_PORT (8083), SMTP_PORT (1025),
DATA_DIR (bawaan .data di akar proyek).`;

/**
 * `npm start`: the local stack in the foreground until Ctrl-C. `npm start -- --reset` starts empty;
 * `npm start -- --bundles` runs the Lambda bundles that `cdk deploy` ships instead of the sources.
 */
const values = readOptions(USAGE, (args) =>
  parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      reset: { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
      bundles: { type: 'boolean', default: false },
      ...HELP_OPTION,
    },
  }),
);

const port = (name: string, fallback: number): number => {
  const raw = process.env[name];
  const n = raw ? Number(raw) : fallback;
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    console.error(`${name} harus nomor port 0–65535, bukan "${raw}"`);
    process.exit(2);
  }
  return n;
};

try {
  await ensureWebFiles(PROJECT_ROOT);
} catch (error) {
  console.error(`Gagal membangun berkas web: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

const stack = await startLocalStack({
  port: port('PORT', 3000),
  dynamoDbPort: port('DYNAMODB_PORT', 8000),
  sfnPort: port('SFN_PORT', 8083),
  smtpPort: port('SMTP_PORT', 1025),
  dataDir: process.env.DATA_DIR ?? join(PROJECT_ROOT, '.data'),
  reset: values.reset,
  bundles: values.bundles,
  log: values.quiet ? undefined : (line) => console.log(line),
}).catch((error: unknown) => {
  console.error(`Gagal memulai stack lokal: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
onShutdown('local stack', () => stack.stop());

console.log(`
IKM proposal workflow: local stack ready in ${(stack.startupMs / 1000).toFixed(1)} s${values.bundles ? ', running the Lambda bundles' : ''}
  API and pages     ${stack.url}   (GET ${stack.url}/health)
  Web app           ${stack.url}/_local/sign-in   (pick a role, then ${stack.url}/app/)
  API docs          ${stack.url}/docs   (${stack.url}/openapi.json)
  Inbox             ${stack.url}/_local/inbox
  DynamoDB Local    ${stack.dynamoDbEndpoint}
  Step Functions    ${stack.sfnEndpoint}
  Token             npm run -s token -- --role submitter --district 73.71
Ctrl-C stops everything.`);
