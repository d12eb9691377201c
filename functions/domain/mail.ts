/** Every kind of mail the system sends, each caused by a recorded change of a proposal or a round. */
export const MAIL_KINDS = [
  'APPROVAL_REQUEST',
  'APPROVAL_REMINDER',
  'APPROVAL_ESCALATION',
  'OUTCOME_RETURNED',
  'OUTCOME_REJECTED',
  'OUTCOME_BUDGET_ASSIGNED',
  'OUTCOME_WAITLISTED',
  'OUTCOME_FUNDED_FROM_WAITLIST',
  'OUTCOME_OVERDUE',
  'ROUND_REMINDER',
] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

export const MAIL_KIND_LABELS_ID: Record<MailKind, string> = {
  APPROVAL_REQUEST: 'Permintaan persetujuan',
  APPROVAL_REMINDER: 'Pengingat persetujuan',
  APPROVAL_ESCALATION: 'Eskalasi persetujuan',
  OUTCOME_RETURNED: 'Pemberitahuan dikembalikan',
  OUTCOME_REJECTED: 'Pemberitahuan ditolak',
  OUTCOME_BUDGET_ASSIGNED: 'Pemberitahuan anggaran ditetapkan',
  OUTCOME_WAITLISTED: 'Pemberitahuan daftar tunggu',
  OUTCOME_FUNDED_FROM_WAITLIST: 'Pemberitahuan didanai dari daftar tunggu',
  OUTCOME_OVERDUE: 'Pemberitahuan lewat batas waktu',
  ROUND_REMINDER: 'Pengingat batas pengajuan usulan',
};

/** A mail ready to leave: who, what, in text and HTML (Bahasa Indonesia). */
export interface OutgoingMail {
  kind: MailKind;
  to: string[];
  subject: string;
  text: string;
  html: string;
}
