import * as z from 'zod/mini';
import type { ErrorDetail } from './errors.js';
import { formatIssuePath, ruleSetIssueMessage } from './policy/rule-set-messages.js';
import { FUNDING_SOURCES } from './proposal.js';
import './validation-locale.js';
import { fiscalYearSchema, rupiahOrZeroSchema } from './fields.js';

/**
 * The approval chain of a fiscal year as an admin stores it: the stages a proposal passes, in
 * order, each with its approvers and its timers. Data, versioned like the rule sets: the office
 * changes an approver or a deadline by storing a new version, and a proposal keeps the version its
 * approval started with. Every chain is validated here before it is stored (PUT
 * /approval-chains, the seed), so the steps that follow a stored chain (approval-chain.ts) read it
 * without this module and its schema library.
 */
const SECONDS_IN_A_YEAR = 366 * 24 * 3600;

const seconds = z.int().check(z.positive('Harus lebih dari 0 detik'), z.maximum(SECONDS_IN_A_YEAR));
const emails = z.array(z.email('Alamat email tidak valid')).check(z.maxLength(20));

export const approvalStageSchema = z
  .strictObject({
    /** Stable code, e.g. KABID_IKM: approvers' tokens name it, links and audit events record it. */
    stage: z.string().check(z.regex(/^[A-Z][A-Z0-9_]{1,39}$/, 'Kode tahap huruf besar, angka dan _')),
    name: z.string().check(z.trim(), z.minLength(3), z.maxLength(100)),
    approvers: emails.check(z.minLength(1, 'Minimal satu pejabat penyetuju')),
    /** The stage applies when the proposal's total is at least this (whole rupiah). */
    minTotal: z._default(rupiahOrZeroSchema, 0),
    /** When present, the stage applies only to proposals with a line from one of these sources. */
    sources: z.optional(z.array(z.enum(FUNDING_SOURCES)).check(z.minLength(1))),
    remindAfterSeconds: z.nullable(seconds),
    escalateAfterSeconds: z.nullable(seconds),
    escalateTo: z._default(emails, []),
    overdueAfterSeconds: seconds,
  })
  .check(
    z.superRefine((stage, ctx) => {
      const timers: Array<[string, number | null]> = [
        ['remindAfterSeconds', stage.remindAfterSeconds],
        ['escalateAfterSeconds', stage.escalateAfterSeconds],
        ['overdueAfterSeconds', stage.overdueAfterSeconds],
      ];
      let previous: [string, number] | undefined;
      for (const [name, value] of timers) {
        if (value === null) continue;
        if (previous && value <= previous[1]) {
          ctx.addIssue({
            code: 'custom',
            path: [name],
            message: `Harus lebih besar dari ${previous[0]} (${previous[1]} detik): pengingat, eskalasi, lalu lewat batas waktu`,
          });
        }
        previous = [name, value];
      }
      if (stage.escalateAfterSeconds !== null && stage.escalateTo.length === 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['escalateTo'],
          message: 'Wajib diisi bila escalateAfterSeconds diisi',
        });
      }
    }),
  );
export type ApprovalStage = z.infer<typeof approvalStageSchema>;

export const approvalChainSchema = z.strictObject({
  fiscalYear: fiscalYearSchema,
  version: z.int().check(z.positive()),
  stages: z.array(approvalStageSchema).check(z.minLength(1, 'Minimal satu tahap'), z.maxLength(10)),
});
export type ApprovalChain = z.infer<typeof approvalChainSchema>;

export type ParseChainResult = { ok: true; chain: ApprovalChain } | { ok: false; problems: ErrorDetail[] };

/** Every problem at once, with its path, like the rule sets: nothing is stored while any remains. */
export function parseApprovalChain(input: unknown): ParseChainResult {
  const parsed = approvalChainSchema.safeParse(input, { error: ruleSetIssueMessage });
  const problems: ErrorDetail[] = parsed.success
    ? []
    : parsed.error.issues.map((issue) => ({ path: formatIssuePath(issue.path), message: issue.message }));
  problems.push(...duplicateStages(input));
  if (problems.length > 0 || !parsed.success) return { ok: false, problems };
  return { ok: true, chain: parsed.data };
}

function duplicateStages(input: unknown): ErrorDetail[] {
  const stages =
    typeof input === 'object' && input !== null && 'stages' in input && Array.isArray(input.stages)
      ? (input.stages as unknown[])
      : [];
  const first = new Map<string, number>();
  const problems: ErrorDetail[] = [];
  stages.forEach((s, index) => {
    if (typeof s !== 'object' || s === null || !('stage' in s) || typeof s.stage !== 'string') return;
    const seen = first.get(s.stage);
    if (seen === undefined) first.set(s.stage, index);
    else
      problems.push({
        path: `stages[${index}].stage`,
        message: `Kode tahap "${s.stage}" sudah dipakai oleh stages[${seen}]; kode harus unik`,
      });
  });
  return problems;
}
