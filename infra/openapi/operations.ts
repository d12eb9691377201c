import * as z from 'zod/mini';
import { districtEditSchema } from '../../functions/api/put-district.js';
import { approvalChainSchema } from '../../functions/domain/approval-chain-schema.js';
import { ruleSetSchema } from '../../functions/domain/policy/rule-set.js';
import { ceilingSchema } from '../../functions/domain/pool-ceiling.js';
import { proposalInputSchema } from '../../functions/domain/proposal.js';
import { listQuerySchema } from '../../functions/domain/proposal-listing.js';
import { retryInputSchema } from '../../functions/domain/retry.js';
import { roundInputSchema } from '../../functions/domain/round.js';
import { withdrawInputSchema } from '../../functions/domain/withdrawal.js';
import {
  allocationReportSchema,
  approvalChainSavedSchema,
  approvalChainViewSchema,
  approvalQueueSchema,
  decisionFormSchema,
  districtListSchema,
  districtSavedSchema,
  historySchema,
  htmlPage,
  policyCheckResultSchema,
  poolListSchema,
  poolSavedSchema,
  programmeChangesSchema,
  programmeSchema,
  proposalPageSchema,
  proposalSchema,
  roundFinalisedSchema,
  roundSchema,
} from './schemas.js';

/**
 * What the OpenAPI document says about each route of infra/routes.ts, keyed `METHOD /path`.
 * Request bodies and query strings are the schemas the handlers validate with, so the document
 * cannot drift from what the API accepts. A route without an entry here fails the build of the
 * document (openapi/document.ts), and so the test that builds it.
 */
export interface OperationDoc {
  summary: string;
  description?: string;
  tag: string;
  /** Who may call it, in the office's words. */
  who: string;
  query?: z.core.$ZodObject;
  pathParams?: Record<string, { schema: z.core.$ZodType; description: string }>;
  body?: { schema: z.core.$ZodType; contentType?: string; required?: boolean };
  idempotencyKey?: boolean;
  success: { status: number; description: string; schema?: z.core.$ZodType; contentType?: string };
  /** Error statuses the route answers with, in the API's one error shape. */
  errors: number[];
}

const fiscalYearQuery = z.strictObject({
  fiscalYear: z.string().check(z.regex(/^\d{4}$/), z.describe('Tahun anggaran, mis. 2016')),
});
const fiscalYearPath = {
  fiscalYear: { schema: z.string().check(z.regex(/^\d{4}$/)), description: 'Tahun anggaran, mis. 2016' },
};
const proposalIdPath = { id: { schema: z.string(), description: 'Nomor usulan' } };
const actionIdPath = {
  actionId: {
    schema: z.string().check(z.regex(/^[A-Za-z0-9_-]{43}$/)),
    description: 'Id tindakan acak dari tautan email (sekali pakai)',
  },
};
const sourcePath = {
  source: { schema: z.enum(['APBN', 'APBD_PROVINSI', 'APBD_KABUPATEN_KOTA']), description: 'Sumber dana' },
};

export const OPERATIONS: Readonly<Record<string, OperationDoc>> = {
  'POST /proposals': {
    summary: 'Ajukan usulan baru (revisi 1) dan mulai alur kerjanya',
    tag: 'Usulan',
    who: 'operator kabupaten/kota pengusul',
    body: { schema: proposalInputSchema },
    idempotencyKey: true,
    success: { status: 201, description: 'Usulan tersimpan (SUBMITTED)', schema: proposalSchema },
    errors: [400, 401, 403, 409, 413, 415],
  },
  'GET /proposals/{id}': {
    summary: 'Satu usulan',
    tag: 'Usulan',
    who: 'kabupaten/kota pengusul, approver, admin, auditor',
    pathParams: proposalIdPath,
    success: { status: 200, description: 'Usulan', schema: proposalSchema },
    errors: [401, 403, 404],
  },
  'GET /proposals/{id}/history': {
    summary: 'Riwayat (jejak audit) satu usulan',
    tag: 'Usulan',
    who: 'kabupaten/kota pengusul, approver, admin, auditor',
    pathParams: proposalIdPath,
    success: { status: 200, description: 'Peristiwa audit, terlama dahulu', schema: historySchema },
    errors: [401, 403, 404],
  },
  'GET /proposals': {
    summary: 'Daftar usulan satu tahun anggaran, per halaman',
    tag: 'Usulan',
    who: 'operator kabupaten/kota (hanya miliknya), approver, admin, auditor',
    query: listQuerySchema,
    success: { status: 200, description: 'Satu halaman usulan', schema: proposalPageSchema },
    errors: [400, 401, 403],
  },
  'POST /proposals/{id}/revisions': {
    summary: 'Revisi usulan yang dikembalikan (isi lengkap baru)',
    tag: 'Usulan',
    who: 'kabupaten/kota pengusul, saat RETURNED',
    pathParams: proposalIdPath,
    body: { schema: proposalInputSchema },
    idempotencyKey: true,
    success: { status: 201, description: 'Revisi berikutnya (SUBMITTED)', schema: proposalSchema },
    errors: [400, 401, 403, 404, 409, 413, 415],
  },
  'POST /proposals/{id}/withdraw': {
    summary: 'Tarik usulan sebelum diputuskan',
    tag: 'Usulan',
    who: 'kabupaten/kota pengusul',
    pathParams: proposalIdPath,
    body: { schema: withdrawInputSchema, required: false },
    success: { status: 200, description: 'Usulan WITHDRAWN', schema: proposalSchema },
    errors: [400, 401, 403, 404, 409],
  },
  'POST /policy-checks': {
    summary: 'Pratinjau verifikasi kebijakan: tidak menyimpan dan tidak memulai apa pun',
    tag: 'Usulan',
    who: 'operator kabupaten/kota pengusul, admin',
    body: { schema: proposalInputSchema },
    success: { status: 200, description: 'Hasil verifikasi', schema: policyCheckResultSchema },
    errors: [400, 401, 403, 404, 413, 415],
  },
  'GET /policies/{fiscalYear}': {
    summary: 'Aturan kebijakan satu tahun anggaran (versi terbaru atau ?version=N)',
    tag: 'Kebijakan',
    who: 'admin, approver, auditor',
    pathParams: fiscalYearPath,
    query: z.strictObject({ version: z.optional(z.string().check(z.regex(/^\d+$/))) }),
    success: { status: 200, description: 'Rule set', schema: ruleSetSchema },
    errors: [400, 401, 403, 404],
  },
  'PUT /policies/{fiscalYear}': {
    summary: 'Terbitkan versi berikutnya dari aturan kebijakan',
    tag: 'Kebijakan',
    who: 'admin',
    pathParams: fiscalYearPath,
    body: { schema: ruleSetSchema },
    success: { status: 201, description: 'Versi baru tersimpan', schema: ruleSetSchema },
    errors: [400, 401, 403, 409, 413, 415],
  },
  'GET /districts': {
    summary: '24 kabupaten/kota dan fokus KIID provinsi',
    tag: 'Referensi',
    who: 'semua yang masuk',
    success: { status: 200, description: 'Kabupaten/kota', schema: districtListSchema },
    errors: [401],
  },
  'PUT /districts/{code}': {
    summary: 'Ubah data kabupaten/kota',
    tag: 'Referensi',
    who: 'admin',
    pathParams: {
      code: { schema: z.string().check(z.regex(/^73\.\d{2}$/)), description: 'Kode Kemendagri' },
    },
    body: { schema: districtEditSchema },
    success: { status: 200, description: 'Data tersimpan', schema: districtSavedSchema },
    errors: [400, 401, 403, 404, 409, 413, 415],
  },
  'GET /budget-pools': {
    summary: 'Pagu, teralokasi dan sisa setiap pos anggaran',
    tag: 'Anggaran',
    who: 'admin, approver, auditor',
    query: fiscalYearQuery,
    success: { status: 200, description: 'Pos anggaran', schema: poolListSchema },
    errors: [400, 401, 403],
  },
  'PUT /budget-pools/{fiscalYear}/{source}': {
    summary: 'Buat pos anggaran atau ubah pagunya (tidak di bawah yang teralokasi)',
    tag: 'Anggaran',
    who: 'admin',
    pathParams: { ...fiscalYearPath, ...sourcePath },
    body: { schema: ceilingSchema },
    success: { status: 200, description: 'Pos tersimpan (201 bila baru)', schema: poolSavedSchema },
    errors: [400, 401, 403, 409, 413, 415],
  },
  'PUT /budget-pools/{fiscalYear}/{source}/{districtCode}': {
    summary: 'Pagu APBD Kabupaten/Kota satu kabupaten/kota',
    tag: 'Anggaran',
    who: 'admin',
    pathParams: {
      ...fiscalYearPath,
      ...sourcePath,
      districtCode: { schema: z.string().check(z.regex(/^73\.\d{2}$/)), description: 'Kode Kemendagri' },
    },
    body: { schema: ceilingSchema },
    success: { status: 200, description: 'Pos tersimpan (201 bila baru)', schema: poolSavedSchema },
    errors: [400, 401, 403, 409, 413, 415],
  },
  'GET /reports/allocations': {
    summary: 'Laporan alokasi: JSON, CSV (UTF-8 dengan BOM) atau buku kerja Excel',
    tag: 'Anggaran',
    who: 'admin, approver, auditor',
    query: z.strictObject({
      fiscalYear: fiscalYearQuery.shape.fiscalYear,
      format: z.optional(z.enum(['json', 'csv', 'xlsx'])),
    }),
    success: {
      status: 200,
      description: 'Total per kabupaten/kota, sumber, komoditas, jenis program',
      schema: allocationReportSchema,
    },
    errors: [400, 401, 403],
  },
  'GET /actions/{actionId+}': {
    summary: 'Halaman keputusan dari tautan email; tidak mengubah apa pun',
    tag: 'Persetujuan',
    who: 'approver pemegang tautan',
    pathParams: actionIdPath,
    success: {
      status: 200,
      description: 'Halaman usulan dan formulir',
      schema: htmlPage,
      contentType: 'text/html',
    },
    errors: [],
  },
  'HEAD /actions/{actionId+}': {
    summary: 'Seperti GET tanpa isi (pemindai tautan email); tidak mengubah apa pun',
    tag: 'Persetujuan',
    who: 'siapa saja yang memegang tautan',
    pathParams: actionIdPath,
    success: { status: 200, description: 'Tanpa isi', schema: htmlPage, contentType: 'text/html' },
    errors: [],
  },
  'POST /actions/{actionId+}': {
    summary: 'Putuskan sekali: approve, reject atau return',
    tag: 'Persetujuan',
    who: 'approver pemegang tautan',
    pathParams: actionIdPath,
    body: { schema: decisionFormSchema, contentType: 'application/x-www-form-urlencoded' },
    success: { status: 200, description: 'Halaman hasil', schema: htmlPage, contentType: 'text/html' },
    errors: [],
  },
  'GET /openapi.json': {
    summary: 'Dokumen OpenAPI 3.1 ini',
    tag: 'Dokumentasi',
    who: 'siapa saja',
    success: { status: 200, description: 'OpenAPI 3.1', schema: z.unknown() },
    errors: [],
  },
  'GET /docs': {
    summary: 'Halaman dokumentasi API',
    tag: 'Dokumentasi',
    who: 'siapa saja',
    success: { status: 200, description: 'Halaman HTML', schema: htmlPage, contentType: 'text/html' },
    errors: [],
  },
  'GET /docs/{file}': {
    summary: 'Berkas pendukung halaman dokumentasi',
    tag: 'Dokumentasi',
    who: 'siapa saja',
    pathParams: { file: { schema: z.string(), description: 'Nama berkas' } },
    success: {
      status: 200,
      description: 'Berkas statis',
      schema: z.string(),
      contentType: 'application/octet-stream',
    },
    errors: [404],
  },
  'GET /app': {
    summary: 'Aplikasi web (juga /app/)',
    tag: 'Aplikasi web',
    who: 'siapa saja; data hanya setelah masuk',
    success: { status: 200, description: 'Halaman aplikasi', schema: htmlPage, contentType: 'text/html' },
    errors: [],
  },
  'GET /app/{proxy+}': {
    summary: 'Layar dan berkas aplikasi web; /app/config.json memberi pengaturan masuk Cognito',
    tag: 'Aplikasi web',
    who: 'siapa saja',
    pathParams: { proxy: { schema: z.string(), description: 'Jalur di bawah /app/' } },
    success: {
      status: 200,
      description: 'Halaman aplikasi atau berkasnya',
      schema: z.string(),
      contentType: 'text/html',
    },
    errors: [404],
  },
  'POST /proposals/{id}/retry': {
    summary: 'Lanjutkan usulan OVERDUE atau FAILED dari titik berhentinya',
    tag: 'Usulan',
    who: 'admin',
    pathParams: proposalIdPath,
    body: { schema: retryInputSchema },
    success: { status: 202, description: 'Usulan dilanjutkan', schema: proposalSchema },
    errors: [400, 401, 403, 404, 409, 413, 415],
  },
  'GET /approval-chains/{fiscalYear}': {
    summary: 'Rantai persetujuan satu tahun anggaran (versi terbaru atau ?version=N)',
    tag: 'Persetujuan',
    who: 'admin, approver, auditor',
    pathParams: fiscalYearPath,
    query: z.strictObject({ version: z.optional(z.string().check(z.regex(/^\d+$/))) }),
    success: { status: 200, description: 'Rantai persetujuan', schema: approvalChainViewSchema },
    errors: [400, 401, 403, 404],
  },
  'PUT /approval-chains/{fiscalYear}': {
    summary: 'Simpan versi berikutnya dari rantai persetujuan',
    tag: 'Persetujuan',
    who: 'admin',
    pathParams: fiscalYearPath,
    body: { schema: z.object({ stages: approvalChainSchema.shape.stages }) },
    success: { status: 201, description: 'Versi baru tersimpan', schema: approvalChainSavedSchema },
    errors: [400, 401, 403, 409, 413, 415],
  },
  'GET /approvals': {
    summary: 'Usulan yang menunggu di satu tahap, dengan waktu diminta dan batas waktunya',
    tag: 'Persetujuan',
    who: 'pejabat tahap tersebut, admin',
    query: z.strictObject({
      stage: z.optional(z.string().check(z.regex(/^[A-Z][A-Z0-9_]{1,39}$/))),
      status: z.optional(z.enum(['pending'])),
    }),
    success: { status: 200, description: 'Antrean tahap', schema: approvalQueueSchema },
    errors: [400, 401, 403],
  },
  'GET /rounds/{fiscalYear}': {
    summary: 'Putaran perencanaan: masa pengajuan, rapat koordinasi, pengingat',
    tag: 'Putaran perencanaan',
    who: 'semua pengguna yang masuk',
    pathParams: fiscalYearPath,
    success: { status: 200, description: 'Putaran tahun itu', schema: roundSchema },
    errors: [400, 401, 404],
  },
  'PUT /rounds/{fiscalYear}': {
    summary: 'Buat atau ubah putaran (buka, tutup, perpanjang); dicatat dalam jejak audit',
    tag: 'Putaran perencanaan',
    who: 'admin',
    pathParams: fiscalYearPath,
    body: { schema: roundInputSchema },
    success: { status: 200, description: 'Putaran tersimpan dengan versi berikutnya', schema: roundSchema },
    errors: [400, 401, 403, 409, 413, 415],
  },
  'GET /rounds/{fiscalYear}/programme': {
    summary: 'Program terpadu: JSON, buku kerja Excel, PDF, halaman cetak, atau perbedaan dari snapshot',
    tag: 'Putaran perencanaan',
    who: 'admin, approver, auditor',
    pathParams: fiscalYearPath,
    query: z.strictObject({
      format: z.optional(z.enum(['json', 'xlsx', 'pdf', 'html'])),
      against: z.optional(z.enum(['snapshot'])),
    }),
    success: {
      status: 200,
      description:
        'Program per kabupaten/kota, sumber dana, komoditas; dengan against=snapshot: perubahannya',
      schema: z.union([programmeSchema, programmeChangesSchema]),
    },
    errors: [400, 401, 403, 404, 409],
  },
  'POST /rounds/{fiscalYear}/finalise': {
    summary: 'Finalkan program sebagai snapshot berversi; putaran menjadi FINAL',
    tag: 'Putaran perencanaan',
    who: 'admin',
    pathParams: fiscalYearPath,
    success: { status: 200, description: 'Versi snapshot', schema: roundFinalisedSchema },
    errors: [400, 401, 403, 404, 409],
  },
};
