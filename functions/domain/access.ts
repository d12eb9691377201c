import type { Caller } from './caller.js';
import { forbidden } from './errors.js';
import type { Proposal } from './proposal.js';

/** A district office submits only for itself (docs/domain.md "Who may do what"). */
export function assertCanSubmit(caller: Caller, districtCode: string): void {
  if (caller.role !== 'submitter')
    throw forbidden('Hanya operator kabupaten/kota yang dapat mengajukan usulan');
  if (caller.districtCode !== districtCode) {
    throw forbidden(`Anda hanya dapat mengajukan usulan untuk kabupaten/kota ${caller.districtCode ?? '-'}`);
  }
}

/** Approvers, admins and auditors read every proposal; a district reads only its own. */
export function assertCanRead(caller: Caller, proposal: Pick<Proposal, 'districtCode'>): void {
  if (caller.role === 'submitter' && caller.districtCode !== proposal.districtCode) {
    throw forbidden('Usulan ini milik kabupaten/kota lain');
  }
}

const ROLE_NAMES_ID: Record<Caller['role'], string> = {
  submitter: 'operator kabupaten/kota',
  approver: 'pejabat penyetuju',
  admin: 'admin',
  auditor: 'auditor',
};

/** For office-wide data: only the named roles may act. */
export function assertRole(caller: Caller, ...roles: Caller['role'][]): void {
  if (!roles.includes(caller.role)) {
    throw forbidden(`Tindakan ini hanya untuk ${roles.map((r) => ROLE_NAMES_ID[r]).join(' atau ')}`);
  }
}

/** A policy preview: the district for its own proposal, or an admin helping any district. */
export function assertCanPreview(caller: Caller, districtCode: string): void {
  if (caller.role === 'admin') return;
  assertCanSubmit(caller, districtCode);
}
