import * as z from 'zod/mini';
import { approvalChainSchema } from '../../functions/domain/approval-chain-schema.js';
import { FUNDING_SOURCES, PROGRAM_KINDS, PROPOSAL_STATUSES } from '../../functions/domain/proposal.js';
import { ROUND_STATES } from '../../functions/domain/round.js';

/**
 * The shapes the API answers with, for the OpenAPI document only: request bodies and query
 * strings are documented from the very schemas that validate them (see operations.ts).
 */

const rupiah = z.int().check(z.minimum(0));
const instant = z.string().check(z.describe('ISO 8601, UTC'));
const source = z.enum(FUNDING_SOURCES);
const programKind = z.enum(PROGRAM_KINDS);
const status = z.enum(PROPOSAL_STATUSES);

export const errorSchema = z.object({
  error: z.object({
    code: z.string().check(z.describe('Stable English identifier, e.g. VALIDATION_FAILED')),
    message: z.string().check(z.describe('Bahasa Indonesia')),
    details: z.array(z.object({ path: z.string(), message: z.string() })),
  }),
});

export const policyCheckResultSchema = z.object({
  ruleSetVersion: z.int(),
  outcome: z.enum(['PASS', 'WARN', 'FAIL']),
  findings: z.array(
    z.object({
      ruleId: z.string(),
      source: z.enum(['KEMENPERIN', 'PROVINSI', 'KABUPATEN_KOTA']),
      severity: z.enum(['BLOCKING', 'WARNING']),
      message: z.string(),
    }),
  ),
});

export const proposalSchema = z.object({
  id: z.string(),
  revision: z.int(),
  status,
  statusLabel: z.string(),
  fiscalYear: z.int(),
  districtCode: z.string(),
  title: z.string(),
  programKind,
  commodity: z.string(),
  description: z.string(),
  targets: z.object({ newEntrepreneurs: z.int(), jobsCreated: z.int(), ikmUnits: z.int() }),
  funding: z.array(z.object({ source, amount: rupiah })),
  totalAmount: rupiah,
  policyCheck: z.nullable(policyCheckResultSchema),
  approvals: z.array(
    z.object({
      stage: z.string(),
      decision: z.enum(['APPROVE', 'REJECT', 'RETURN']),
      by: z.string(),
      at: instant,
      note: z.string(),
    }),
  ),
  allocations: z.array(z.object({ source, amount: rupiah })),
  submittedBy: z.string(),
  createdAt: instant,
  updatedAt: instant,
});

export const proposalPageSchema = z.object({
  items: z.array(proposalSchema),
  nextCursor: z.nullable(z.string()),
});

export const historySchema = z.array(
  z.object({
    at: instant,
    actor: z.string(),
    type: z.string(),
    from: z.nullable(status),
    to: z.nullable(status),
    note: z.string(),
  }),
);

const districtSchema = z.object({
  code: z.string(),
  bpsCode: z.string(),
  kind: z.enum(['kabupaten', 'kota']),
  name: z.string(),
  population: z.int(),
  areaKm2: z.number(),
  leadingCommodities: z.array(z.string()),
  contactEmails: z.optional(z.array(z.string())),
});

export const districtListSchema = z.object({
  items: z.array(districtSchema),
  province: z.object({ kiidCommodities: z.array(z.string()), leadingIndustries: z.array(z.string()) }),
});

export const districtSavedSchema = districtSchema;

const poolSchema = z.object({
  fiscalYear: z.int(),
  source,
  districtCode: z.optional(z.string()),
  ceiling: rupiah,
  allocated: rupiah,
  remaining: rupiah,
});
const poolTotals = z.object({ ceiling: rupiah, allocated: rupiah, remaining: rupiah });

export const poolListSchema = z.object({
  fiscalYear: z.int(),
  items: z.array(poolSchema),
  totals: z.record(source, poolTotals),
});

export const poolSavedSchema = z.object({ pool: poolSchema, funded: z.array(z.string()) });

const group = { amount: rupiah, proposals: z.int() };
export const allocationReportSchema = z.object({
  fiscalYear: z.int(),
  total: rupiah,
  byDistrict: z.array(z.object({ districtCode: z.string(), districtName: z.string(), ...group })),
  bySource: z.array(z.object({ source, sourceName: z.string(), ...group })),
  byCommodity: z.array(z.object({ commodity: z.string(), ...group })),
  byProgramKind: z.array(z.object({ programKind, programKindName: z.string(), ...group })),
});

export const decisionFormSchema = z.object({
  decision: z.enum(['approve', 'reject', 'return']),
  note: z.optional(z.string().check(z.maxLength(2000), z.describe('Wajib untuk reject dan return'))),
});

export const htmlPage = z.string().check(z.describe('Halaman HTML (Bahasa Indonesia)'));
export const anyJson = z.unknown();

export const approvalChainViewSchema = z.object({
  ...approvalChainSchema.shape,
  latestVersion: z.int(),
  storedBy: z.string(),
  storedAt: instant,
});

export const approvalChainSavedSchema = z.object({ ...approvalChainSchema.shape, latestVersion: z.int() });

export const approvalQueueSchema = z.object({
  stage: z.string(),
  items: z.array(
    z.object({
      proposal: proposalSchema,
      stage: z.string(),
      requestedAt: instant,
      overdueAt: z.optional(instant),
    }),
  ),
});

export const roundSchema = z.object({
  fiscalYear: z.int(),
  state: z.enum(ROUND_STATES),
  opensAt: instant,
  closesAt: instant,
  meetingAt: instant,
  reminderDaysBeforeClose: z.int(),
  version: z.int(),
  snapshotVersion: z.optional(z.int()),
});

const bySource = z.object({ APBN: rupiah, APBD_PROVINSI: rupiah, APBD_KABUPATEN_KOTA: rupiah });
const targets = z.object({ newEntrepreneurs: z.int(), jobsCreated: z.int(), ikmUnits: z.int() });
const requestedAllocated = z.object({ requested: rupiah, allocated: rupiah });

export const programmeSchema = z.object({
  fiscalYear: z.int(),
  state: z.enum(ROUND_STATES),
  snapshotVersion: z.nullable(z.int()),
  districts: z.array(
    z.object({
      districtCode: z.string(),
      districtName: z.string(),
      proposals: z.array(
        z.object({
          id: z.string(),
          revision: z.int(),
          version: z.int(),
          title: z.string(),
          programKind,
          commodity: z.string(),
          kiid: z.nullable(z.string()),
          status,
          statusLabel: z.string(),
          funding: bySource,
          requested: rupiah,
          allocated: rupiah,
          targets,
        }),
      ),
      funding: bySource,
      requested: rupiah,
      allocated: rupiah,
      targets,
    }),
  ),
  silentDistricts: z.array(z.string()),
  totals: z.object({
    requested: rupiah,
    allocated: rupiah.check(z.describe('Sama dengan total laporan alokasi')),
    bySource,
    allocatedBySource: bySource,
    apbn: requestedAllocated,
    regional: requestedAllocated,
    targets,
    byCommodity: z.array(
      z.object({
        commodity: z.string(),
        kiid: z.nullable(z.string()),
        proposals: z.int(),
        requested: rupiah,
        allocated: rupiah,
      }),
    ),
    kiid: z.object({ proposals: z.int(), requested: rupiah, allocated: rupiah }),
  }),
});

export const programmeChangesSchema = z.object({
  fiscalYear: z.int(),
  snapshotVersion: z.int(),
  finalisedAt: instant,
  changes: z.array(
    z.object({
      proposalId: z.string(),
      districtCode: z.string(),
      change: z.enum(['ADDED', 'REMOVED', 'CHANGED']),
      fields: z.array(z.object({ field: z.string(), snapshot: z.unknown(), now: z.unknown() })),
    }),
  ),
});

export const roundFinalisedSchema = z.object({
  fiscalYear: z.int(),
  state: z.literal('FINAL'),
  snapshotVersion: z.int(),
  finalisedAt: instant,
  totals: programmeSchema.shape.totals,
});
