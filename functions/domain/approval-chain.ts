import * as z from 'zod/mini';
import type { ErrorDetail } from './errors.js';
import { formatIssuePath, ruleSetIssueMessage } from './policy/rule-set-messages.js';
import { FUNDING_SOURCES, type FundingSource } from './proposal.js';
import './validation-locale.js';
import { fiscalYearSchema, rupiahOrZeroSchema } from './fields.js';

/**
 * The approval chain of a fiscal year: the stages a proposal passes, in order, each with its
 * approvers and its timers. Data, versioned like the rule sets: the office changes an approver or
 * a deadline by storing a new version, and a proposal keeps the version its approval started with.
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

/** What of a proposal decides which stages apply. */
export interface ChainSubject {
  totalAmount: number;
  funding: ReadonlyArray<{ source: FundingSource }>;
}

export function stageApplies(stage: ApprovalStage, subject: ChainSubject): boolean {
  if (subject.totalAmount < stage.minTotal) return false;
  if (stage.sources && !subject.funding.some((line) => stage.sources?.includes(line.source))) return false;
  return true;
}

/** The first applicable stage after `afterStage` (or the first of all), or null when none is left. */
export function nextStage(
  chain: ApprovalChain,
  subject: ChainSubject,
  afterStage?: string,
): ApprovalStage | null {
  const start = afterStage === undefined ? 0 : chain.stages.findIndex((s) => s.stage === afterStage) + 1;
  if (afterStage !== undefined && start === 0) return null;
  return chain.stages.slice(start).find((s) => stageApplies(s, subject)) ?? null;
}

export function findStage(chain: ApprovalChain, stage: string): ApprovalStage | undefined {
  return chain.stages.find((s) => s.stage === stage);
}

/**
 * The absolute moments of one stage's wait, fixed when its approval is requested: a restart or a
 * retried step recomputes nothing from "now", so a timer is never restarted or forgotten.
 */
export interface StageTimers {
  requestedAt: string;
  remindAt: string | null;
  escalateAt: string | null;
  overdueAt: string;
}

const after = (start: number, secondsLater: number | null): string | null =>
  secondsLater === null ? null : new Date(start + secondsLater * 1000).toISOString();

export function stageTimers(stage: ApprovalStage, requestedAt: string): StageTimers {
  const start = Date.parse(requestedAt);
  return {
    requestedAt,
    remindAt: after(start, stage.remindAfterSeconds),
    escalateAt: after(start, stage.escalateAfterSeconds),
    overdueAt: after(start, stage.overdueAfterSeconds) as string,
  };
}

/** What has already happened during a stage's wait. */
export interface TimerProgress {
  remindedAt?: string | undefined;
  escalatedAt?: string | undefined;
}

export type TimerDue = 'OVERDUE' | 'ESCALATE' | 'REMIND' | 'NONE';

/**
 * Which timer is due at `now`. When several have passed (the system was down), only the latest
 * matters: an overdue stage is not reminded first, and an escalation makes the reminder moot.
 */
export function dueTimer(timers: StageTimers, progress: TimerProgress, now: Date): TimerDue {
  const passed = (at: string | null) => at !== null && Date.parse(at) <= now.getTime();
  if (passed(timers.overdueAt)) return 'OVERDUE';
  if (passed(timers.escalateAt) && !progress.escalatedAt) return 'ESCALATE';
  if (passed(timers.remindAt) && !progress.remindedAt && !progress.escalatedAt) return 'REMIND';
  return 'NONE';
}

/**
 * Whole seconds until the next moment that still needs acting on (at least 1: Step Functions'
 * task timeouts are positive integers).
 */
export function secondsUntilNextTimer(timers: StageTimers, progress: TimerProgress, now: Date): number {
  const pending = [
    progress.remindedAt || progress.escalatedAt ? null : timers.remindAt,
    progress.escalatedAt ? null : timers.escalateAt,
    timers.overdueAt,
  ]
    .filter((at): at is string => at !== null)
    .map((at) => Date.parse(at))
    .filter((at) => at > now.getTime());
  const next = Math.min(...pending, Date.parse(timers.overdueAt));
  return Math.max(1, Math.ceil((next - now.getTime()) / 1000));
}

/**
 * What the state machine carries between the approval states: which stage, under which chain
 * version, its absolute timers, and how long the current wait lasts (the Task's TimeoutSecondsPath).
 */
export interface ApprovalPlan extends StageTimers {
  stage: string;
  stageName: string;
  chainVersion: number;
  waitSeconds: number;
}

export function planStage(
  chainVersion: number,
  stage: Pick<ApprovalStage, 'stage' | 'name'>,
  timers: StageTimers,
  progress: TimerProgress,
  now: Date,
): ApprovalPlan {
  return {
    stage: stage.stage,
    stageName: stage.name,
    chainVersion,
    ...timers,
    waitSeconds: secondsUntilNextTimer(timers, progress, now),
  };
}
