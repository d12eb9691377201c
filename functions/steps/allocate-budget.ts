import { poolRepository } from '../adapters/dynamodb/pool-repository.js';
import { ConditionFailedError, type StoredProposal } from '../adapters/dynamodb/proposal-repository.js';
import { allocationsFor } from '../domain/budget.js';
import { TransientError } from '../domain/errors.js';
import { formatRupiah } from '../domain/money.js';
import { type Allocation, FUNDING_SOURCE_LABELS_ID, type FundingSource } from '../domain/proposal.js';
import { commitWithMails } from '../workflow/commit-with-mails.js';
import { outcomeMails } from '../workflow/outcome-mails.js';

/** Writes of the proposal's own transaction before the pool writes: its record and its audit event. */
const OWN_WRITES = 2;

export type AllocationResult =
  | { outcome: 'ASSIGNED'; proposal: StoredProposal; allocations: Allocation[] }
  /** A pool holds too little: nothing was written. */
  | { outcome: 'SHORT'; allocations: Allocation[]; shortSources: FundingSource[] }
  /** The proposal is no longer the status and version read (withdrawn, or assigned by another run). */
  | { outcome: 'PROPOSAL_CHANGED' };

/**
 * → BUDGET_ASSIGNED in one transaction: the proposal's status change and audit event, and every
 * funding line drawn from its pool, each guarded on the pool's remaining amount and recorded once
 * per (proposal, revision, source). Used by the AssignBudget step (from APPROVED) and when a pool
 * grows (from WAITLISTED).
 */
export async function allocateBudget(
  proposal: StoredProposal,
  audit: { at: string; actor: string; notePrefix?: string },
  mail: 'OUTCOME_BUDGET_ASSIGNED' | 'OUTCOME_FUNDED_FROM_WAITLIST' = 'OUTCOME_BUDGET_ASSIGNED',
): Promise<AllocationResult> {
  const allocations = allocationsFor(proposal);
  const lines = allocations
    .map((a) => `${FUNDING_SOURCE_LABELS_ID[a.source]} ${formatRupiah(a.amount)}`)
    .join('; ');
  try {
    const after = await commitWithMails(
      proposal,
      { status: 'BUDGET_ASSIGNED', allocations },
      { at: audit.at, actor: audit.actor, type: 'BUDGET_ASSIGNED', note: (audit.notePrefix ?? '') + lines },
      poolRepository.allocationWrites(proposal, allocations, audit.at),
      await outcomeMails(
        { ...proposal, status: 'BUDGET_ASSIGNED', allocations },
        { kind: mail, allocations },
      ),
    );
    return { outcome: 'ASSIGNED', proposal: after, allocations };
  } catch (error) {
    if (!(error instanceof ConditionFailedError)) throw error;
    if (error.failedItems[0]) return { outcome: 'PROPOSAL_CHANGED' };
    // Each allocation contributes a pool update then an allocation record.
    const shortSources = allocations
      .filter((_, i) => error.failedItems[OWN_WRITES + 2 * i])
      .map((a) => a.source);
    if (shortSources.length === 0) throw new TransientError('allocation transaction cancelled');
    return { outcome: 'SHORT', allocations, shortSources };
  }
}

/** Why a proposal waits, pool by pool: what is left against what it needs, or that no pool is set. */
export async function shortfallNote(
  proposal: StoredProposal,
  short: Extract<AllocationResult, { outcome: 'SHORT' }>,
): Promise<string> {
  const pools = await poolRepository.ofYear(proposal.fiscalYear);
  return short.shortSources
    .map((source) => {
      const pool = pools.find(
        (p) =>
          p.source === source &&
          (source !== 'APBD_KABUPATEN_KOTA' || p.districtCode === proposal.districtCode),
      );
      const needed = short.allocations.find((a) => a.source === source)?.amount ?? 0;
      return pool
        ? `Sisa pagu ${FUNDING_SOURCE_LABELS_ID[source]} ${formatRupiah(pool.remaining)}, dibutuhkan ${formatRupiah(needed)}`
        : `Pagu ${FUNDING_SOURCE_LABELS_ID[source]} tahun ${proposal.fiscalYear} belum ditetapkan`;
    })
    .join('; ');
}
