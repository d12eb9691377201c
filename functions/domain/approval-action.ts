import * as z from 'zod/mini';
import type { StageTimers, TimerProgress } from './approval-chain.js';
import type { ApprovalDecision } from './proposal.js';
import './validation-locale.js';

/**
 * An email-linked approval action: one per person and stage request, identified by a random
 * opaque id. The link carries only that id; the task token that resumes the workflow stays in its
 * own record, which only the approval functions can read.
 */
export interface ApprovalAction {
  actionId: string;
  proposalId: string;
  revision: number;
  stage: string;
  /** The run attempt of the revision (0, then +1 per admin retry): a retried stage has new links. */
  attempt: number;
  approverEmail: string;
  /** APPROVER: named in the stage; ESCALATION: mailed when the stage was escalated. */
  role: 'APPROVER' | 'ESCALATION';
  status: 'PENDING' | 'DECIDED' | 'CLOSED';
  createdAt: string;
  /** The stage's overdue moment: after it the link decides nothing. */
  expiresAt: string;
  decision?: ApprovalDecision | undefined;
  note?: string | undefined;
  decidedAt?: string | undefined;
  /**
   * What the revision is, as it was when the link was made (a revision never changes): the page
   * that confirms a decision names it without reading the proposal. Links made before it was kept
   * lack it.
   */
  subject?: ActionSubject | undefined;
}

export interface ActionSubject {
  title: string;
  districtCode: string;
  fiscalYear: number;
}

export const subjectOf = (p: ActionSubject): ActionSubject => ({
  title: p.title,
  districtCode: p.districtCode,
  fiscalYear: p.fiscalYear,
});

/**
 * One stage's request for a decision on one revision (and run attempt): who was asked, its
 * absolute timers, what already happened, and the decision once one is recorded. The decision
 * is written here in the same transaction that uses up the link, so it is never lost: whatever
 * happens to the workflow afterwards, it can be delivered again from here.
 */
export interface ApprovalRequest extends StageTimers, TimerProgress {
  proposalId: string;
  revision: number;
  stage: string;
  attempt: number;
  chainVersion: number;
  actions: Array<{ actionId: string; approverEmail: string; role: ApprovalAction['role'] }>;
  decision?: DecisionOutput | undefined;
  /** When RecordDecision took the decision into the proposal. */
  recordedAt?: string | undefined;
  /** OVERDUE, WITHDRAWN, …: why the request stopped waiting without a decision. */
  closedAs?: string | undefined;
}

export const FORM_DECISIONS = {
  approve: 'APPROVE',
  reject: 'REJECT',
  return: 'RETURN',
} as const satisfies Record<string, ApprovalDecision>;

/** The form's value, looked up as an own key only: `__proto__` or `toString` are not decisions. */
export function formDecision(value: string): ApprovalDecision | undefined {
  return Object.hasOwn(FORM_DECISIONS, value)
    ? FORM_DECISIONS[value as keyof typeof FORM_DECISIONS]
    : undefined;
}

export const DECISION_LABELS_ID: Record<ApprovalDecision, string> = {
  APPROVE: 'Disetujui',
  REJECT: 'Ditolak',
  RETURN: 'Dikembalikan untuk perbaikan',
};

/** What reaches the workflow (SendTaskSuccess output) and what RecordDecision accepts: one schema. */
export const decisionOutputSchema = z.strictObject({
  decision: z.enum(['APPROVE', 'REJECT', 'RETURN']),
  note: z.string().check(z.maxLength(2000)),
  by: z.string().check(z.minLength(1)),
  stage: z.string().check(z.minLength(1)),
  at: z.string().check(z.minLength(1)),
  actionId: z.string().check(z.minLength(1)),
});
export type DecisionOutput = z.infer<typeof decisionOutputSchema>;

export type ActionState = 'OPEN' | 'USED' | 'EXPIRED';

export function actionState(action: ApprovalAction, now: Date): ActionState {
  if (action.status !== 'PENDING') return 'USED';
  if (Date.parse(action.expiresAt) <= now.getTime()) return 'EXPIRED';
  return 'OPEN';
}

/** Form checks of a decision, in the approver's language; null when it may be recorded. */
export function decisionProblem(decision: ApprovalDecision | undefined, note: string): string | null {
  if (!decision) return 'Pilih salah satu keputusan: setujui, kembalikan, atau tolak.';
  if (decision !== 'APPROVE' && note.length === 0)
    return 'Catatan wajib diisi bila menolak atau mengembalikan usulan.';
  if (note.length > 2000) return 'Catatan paling banyak 2000 karakter.';
  return null;
}
