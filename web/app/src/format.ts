// Labels and formats from the domain modules themselves: the app and the API say the same words.
export { formatRupiah } from '../../../functions/domain/money.js';
export {
  FUNDING_SOURCE_LABELS_ID,
  FUNDING_SOURCES,
  PROGRAM_KIND_LABELS_ID,
  PROGRAM_KINDS,
  STATUS_LABELS_ID,
} from '../../../functions/domain/proposal.js';
export { formatWita } from '../../../functions/domain/time.js';

/** Statuses in which the district may still take a proposal back (README: withdraw). */
export const WITHDRAWABLE = ['SUBMITTED', 'POLICY_CHECK', 'AWAITING_APPROVAL', 'RETURNED', 'WAITLISTED'];

export const SEVERITY_LABELS: Record<string, string> = { BLOCKING: 'Menghambat', WARNING: 'Peringatan' };
export const DECISION_LABELS: Record<string, string> = {
  APPROVE: 'Disetujui',
  REJECT: 'Ditolak',
  RETURN: 'Dikembalikan',
};
