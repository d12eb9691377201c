import * as z from 'zod/mini';
import { DomainError } from './errors.js';
import { type Proposal, type ProposalStatus, STATUS_LABELS_ID } from './proposal.js';
import './validation-locale.js';
import { noteSchema } from './fields.js';

/** The body of POST /proposals/{id}/retry: why the admin continues the proposal. */
export const retryInputSchema = z.strictObject({
  note: noteSchema.check(z.minLength(3, 'Catatan wajib diisi: mengapa proses dilanjutkan')),
});
export type RetryInput = z.infer<typeof retryInputSchema>;

/**
 * Where a retried run continues: an overdue stage is requested again (new links); a failed run
 * goes back to the status it failed in (the policy check, the stage it waited at, or the budget).
 */
export function retryTarget(p: Pick<Proposal, 'status' | 'failure'>): ProposalStatus {
  if (p.status === 'OVERDUE') return 'AWAITING_APPROVAL';
  if (p.status === 'FAILED') {
    const from = p.failure?.from;
    if (from === 'AWAITING_APPROVAL' || from === 'APPROVED') return from;
    return 'SUBMITTED';
  }
  throw new DomainError(
    'INVALID_TRANSITION',
    `Hanya usulan berstatus ${STATUS_LABELS_ID.OVERDUE} atau ${STATUS_LABELS_ID.FAILED} yang dapat dilanjutkan; status saat ini ${STATUS_LABELS_ID[p.status]}`,
    409,
  );
}
