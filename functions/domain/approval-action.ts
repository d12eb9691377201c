import type { ApprovalDecision } from './proposal.js';

/**
 * An email-linked approval action (docs/domain.md "Approval links"): one per approver and
 * proposal revision, identified by a random opaque id; the task token stays server-side.
 */
export interface ApprovalAction {
  actionId: string;
  proposalId: string;
  revision: number;
  stage: string;
  approverEmail: string;
  status: 'PENDING' | 'DECIDED';
  createdAt: string;
  /** ISO time after which the link no longer decides anything. */
  expiresAt: string;
  emailSentAt?: string | undefined;
  /** Every action of the same request (this one included): deciding one closes the others. */
  requestActionIds?: string[] | undefined;
  decision?: ApprovalDecision | undefined;
  note?: string | undefined;
  decidedAt?: string | undefined;
}

export const FORM_DECISIONS: Record<string, ApprovalDecision> = {
  approve: 'APPROVE',
  reject: 'REJECT',
  return: 'RETURN',
};

export const DECISION_LABELS_ID: Record<ApprovalDecision, string> = {
  APPROVE: 'Disetujui',
  REJECT: 'Ditolak',
  RETURN: 'Dikembalikan untuk perbaikan',
};

/** What the approver sends back to the workflow through SendTaskSuccess. */
export interface DecisionOutput {
  decision: ApprovalDecision;
  note: string;
  by: string;
  stage: string;
  at: string;
  actionId: string;
}

export type ActionState = 'OPEN' | 'USED' | 'EXPIRED';

export function actionState(action: ApprovalAction, now: Date): ActionState {
  if (action.status === 'DECIDED') return 'USED';
  if (Date.parse(action.expiresAt) <= now.getTime()) return 'EXPIRED';
  return 'OPEN';
}
