import * as z from 'zod/mini';
import { districtCodeSchema, fiscalYearSchema, fundingAmountSchema as wholeRupiah } from './fields.js';
import './validation-locale.js';

/** Kemenperin IKM programme kinds of the period (docs/domain.md "Programme kinds"). */
export const PROGRAM_KINDS = [
  'WIRAUSAHA_BARU',
  'SENTRA_IKM',
  'OVOP',
  'RESTRUKTURISASI_MESIN',
  'PELATIHAN',
  'PROMOSI',
  'SERTIFIKASI',
  'KEMASAN',
] as const;
export type ProgramKind = (typeof PROGRAM_KINDS)[number];

/** Kemenperin IKM programme names as written in the planning documents. */
export const PROGRAM_KIND_LABELS_ID: Record<ProgramKind, string> = {
  WIRAUSAHA_BARU: 'Penumbuhan Wirausaha Baru',
  SENTRA_IKM: 'Pengembangan Sentra IKM',
  OVOP: 'OVOP (One Village One Product)',
  RESTRUKTURISASI_MESIN: 'Restrukturisasi Mesin/Peralatan',
  PELATIHAN: 'Pelatihan',
  PROMOSI: 'Promosi dan Pameran',
  SERTIFIKASI: 'Sertifikasi dan Standardisasi',
  KEMASAN: 'Kemasan',
};

export const FUNDING_SOURCES = ['APBN', 'APBD_PROVINSI', 'APBD_KABUPATEN_KOTA'] as const;
export type FundingSource = (typeof FUNDING_SOURCES)[number];

/** How the office names the funding sources in its letters. */
export const FUNDING_SOURCE_LABELS_ID: Record<FundingSource, string> = {
  APBN: 'APBN',
  APBD_PROVINSI: 'APBD Provinsi',
  APBD_KABUPATEN_KOTA: 'APBD Kabupaten/Kota',
};

/**
 * The body of POST /proposals and POST /proposals/{id}/revisions (docs/api.md). Built by a call
 * marked pure: a bundle that validates no proposal body (the workflow steps, the sweep) leaves the
 * schema out, and with it the parts of zod that only it uses.
 */
export const proposalInputSchema = /* @__PURE__ */ proposalInputSchemaOf();

function proposalInputSchemaOf() {
  const count = z
    .number()
    .check(z.int('Harus bilangan bulat'), z.minimum(0, 'Tidak boleh negatif'), z.maximum(1_000_000));
  const fundingLine = z.strictObject({
    source: z.enum(FUNDING_SOURCES, {
      error: 'Sumber dana harus APBN, APBD_PROVINSI atau APBD_KABUPATEN_KOTA',
    }),
    amount: wholeRupiah,
  });
  return z
    .strictObject({
      fiscalYear: fiscalYearSchema,
      districtCode: districtCodeSchema,
      title: z.string().check(z.trim(), z.minLength(5, 'Judul minimal 5 karakter'), z.maxLength(200)),
      programKind: z.enum(PROGRAM_KINDS, { error: 'Jenis program tidak dikenal' }),
      commodity: z.string().check(z.trim(), z.toLowerCase(), z.minLength(2), z.maxLength(100)),
      description: z._default(z.string().check(z.trim(), z.maxLength(5000)), ''),
      targets: z.strictObject({
        newEntrepreneurs: z._default(count, 0),
        jobsCreated: z._default(count, 0),
        ikmUnits: z._default(count, 0),
      }),
      funding: z.array(fundingLine).check(z.minLength(1, 'Minimal satu sumber dana'), z.maxLength(3)),
    })
    .check(
      z.superRefine((value, ctx) => {
        const seen = new Set<FundingSource>();
        value.funding.forEach((line, index) => {
          if (seen.has(line.source)) {
            ctx.addIssue({
              code: 'custom',
              path: ['funding', index, 'source'],
              message: `Sumber dana ${line.source} disebut lebih dari sekali`,
            });
          }
          seen.add(line.source);
        });
      }),
    );
}
export type ProposalInput = z.infer<typeof proposalInputSchema>;
export type FundingLine = ProposalInput['funding'][number];

export const PROPOSAL_STATUSES = [
  'SUBMITTED',
  'POLICY_CHECK',
  'RETURNED',
  'AWAITING_APPROVAL',
  'APPROVED',
  'REJECTED',
  'BUDGET_ASSIGNED',
  'WAITLISTED',
  'WITHDRAWN',
  'OVERDUE',
  'FAILED',
] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

export const STATUS_LABELS_ID: Record<ProposalStatus, string> = {
  SUBMITTED: 'Diajukan',
  POLICY_CHECK: 'Verifikasi Kebijakan',
  RETURNED: 'Dikembalikan untuk Perbaikan',
  AWAITING_APPROVAL: 'Menunggu Persetujuan',
  APPROVED: 'Disetujui',
  REJECTED: 'Ditolak',
  BUDGET_ASSIGNED: 'Anggaran Ditetapkan',
  WAITLISTED: 'Daftar Tunggu',
  WITHDRAWN: 'Ditarik',
  OVERDUE: 'Lewat Batas Waktu',
  FAILED: 'Gagal',
};

export type Severity = 'BLOCKING' | 'WARNING';
export type RuleSource = 'KEMENPERIN' | 'PROVINSI' | 'KABUPATEN_KOTA';
export type PolicyOutcome = 'PASS' | 'WARN' | 'FAIL';

export interface PolicyFinding {
  ruleId: string;
  source: RuleSource;
  severity: Severity;
  message: string;
}

export interface PolicyCheckResult {
  ruleSetVersion: number;
  outcome: PolicyOutcome;
  findings: PolicyFinding[];
}

export type ApprovalDecision = 'APPROVE' | 'REJECT' | 'RETURN';

export interface ApprovalRecord {
  stage: string;
  decision: ApprovalDecision;
  by: string;
  at: string;
  note: string;
}

export interface Allocation {
  source: FundingSource;
  amount: number;
}

/** A proposal as stored and as returned by the API (docs/api.md). */
export interface Proposal extends ProposalInput {
  id: string;
  revision: number;
  status: ProposalStatus;
  totalAmount: number;
  policyCheck: PolicyCheckResult | null;
  approvals: ApprovalRecord[];
  allocations: Allocation[];
  submittedBy: string;
  createdAt: string;
  updatedAt: string;
  /** Optimistic-lock counter: every guarded write names the version it read. */
  version: number;
  /** Why the proposal is FAILED, when it is, and the status it failed in (where a retry continues). */
  failure?: { error: string; cause: string; from?: ProposalStatus | undefined } | undefined;
  /** The approval chain version its approval started with. */
  approvalChainVersion?: number | undefined;
  /** While AWAITING_APPROVAL (or OVERDUE): the stage that waits, and since/until when. */
  approvalStage?: string | undefined;
  stageRequestedAt?: string | undefined;
  stageOverdueAt?: string | undefined;
  /** Runs of this revision so far minus one: 0 for the first, +1 for each admin retry. */
  runAttempt?: number | undefined;
}

export const totalOf = (funding: readonly FundingLine[]): number =>
  funding.reduce((sum, line) => sum + line.amount, 0);

export interface AuditEvent {
  at: string;
  actor: string;
  type: string;
  from: ProposalStatus | null;
  to: ProposalStatus | null;
  note: string;
}
