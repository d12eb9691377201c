import * as z from 'zod/mini';
import type { Caller } from './caller.js';
import { DomainError, forbidden } from './errors.js';
import { noteSchema } from './fields.js';
import { type Proposal, STATUS_LABELS_ID } from './proposal.js';
import { canTransition } from './transitions.js';
import './validation-locale.js';

/** The optional body of POST /proposals/{id}/withdraw. */
export const withdrawInputSchema = z.strictObject({
  note: z._default(noteSchema, ''),
});
export type WithdrawInput = z.infer<typeof withdrawInputSchema>;

/** Only the district that proposed it takes a proposal back (docs/domain.md "Who may do what"). */
export function assertCanWithdraw(caller: Caller, proposal: Pick<Proposal, 'districtCode'>): void {
  if (caller.role !== 'submitter')
    throw forbidden('Hanya operator kabupaten/kota pengusul yang dapat menarik usulan');
  if (caller.districtCode !== proposal.districtCode) throw forbidden('Usulan ini milik kabupaten/kota lain');
}

/** A district may withdraw until a decision is final (transitions.ts says which statuses those are). */
export function assertWithdrawable(proposal: Pick<Proposal, 'status'>): void {
  if (canTransition(proposal.status, 'WITHDRAWN')) return;
  const message =
    proposal.status === 'WITHDRAWN'
      ? 'Usulan ini sudah ditarik'
      : `Usulan berstatus ${STATUS_LABELS_ID[proposal.status]} tidak dapat ditarik lagi`;
  throw new DomainError('INVALID_TRANSITION', message, 409);
}
