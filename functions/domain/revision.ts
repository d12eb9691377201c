import { actorOf, type Caller } from './caller.js';
import { DomainError, type ErrorDetail } from './errors.js';
import { type Proposal, type ProposalInput, STATUS_LABELS_ID, totalOf } from './proposal.js';

/**
 * The next revision of a RETURNED proposal, from the district's full new body: a fresh start for
 * the workflow (no policy check, decisions or allocations yet). The proposal keeps its id, district,
 * fiscal year and creation time, so its place in every listing stays where it was.
 */
export function revisedProposal(
  current: Proposal,
  input: ProposalInput,
  caller: Caller,
  now: string,
): Proposal {
  if (current.status !== 'RETURNED') {
    throw new DomainError(
      'INVALID_TRANSITION',
      `Usulan hanya dapat direvisi bila berstatus ${STATUS_LABELS_ID.RETURNED}; status saat ini ${STATUS_LABELS_ID[current.status]}`,
      409,
    );
  }
  const fixed: ErrorDetail[] = [];
  if (input.districtCode !== current.districtCode) {
    fixed.push({
      path: 'districtCode',
      message: `Kabupaten/kota tidak dapat diubah pada revisi (tetap ${current.districtCode})`,
    });
  }
  if (input.fiscalYear !== current.fiscalYear) {
    fixed.push({
      path: 'fiscalYear',
      message: `Tahun anggaran tidak dapat diubah pada revisi (tetap ${current.fiscalYear})`,
    });
  }
  if (fixed.length > 0) {
    throw new DomainError(
      'VALIDATION_FAILED',
      'Revisi harus untuk kabupaten/kota dan tahun yang sama',
      400,
      fixed,
    );
  }
  return {
    ...current,
    ...input,
    revision: current.revision + 1,
    status: 'SUBMITTED',
    totalAmount: totalOf(input.funding),
    policyCheck: null,
    approvals: [],
    allocations: [],
    failure: undefined,
    approvalChainVersion: undefined,
    approvalStage: undefined,
    stageRequestedAt: undefined,
    stageOverdueAt: undefined,
    runAttempt: 0,
    submittedBy: actorOf(caller),
    updatedAt: now,
  };
}
