import { poolRepository } from '../adapters/dynamodb/pool-repository.js';
import { ConditionFailedError, proposalRepository } from '../adapters/dynamodb/proposal-repository.js';
import { allocationsFor } from '../domain/budget.js';
import { TransientError } from '../domain/errors.js';
import { formatRupiah } from '../domain/money.js';
import { FUNDING_SOURCE_LABELS_ID } from '../domain/proposal.js';
import { loadProposal } from './load-proposal.js';
import { defineStep, SYSTEM_ACTOR, stepInput } from './step.js';

/** Writes of the proposal's own transaction before the pool writes: its record and its audit event. */
const OWN_WRITES = 2;

/**
 * APPROVED → BUDGET_ASSIGNED: one transaction draws every funding line from its pool, each guarded
 * on the pool's remaining amount, together with the status change. A short pool → WAITLISTED.
 */
export const handler = defineStep('AssignBudget', stepInput, async ({ proposalId, revision }) => {
  const proposal = await loadProposal(proposalId, revision);
  if (proposal.status === 'BUDGET_ASSIGNED' || proposal.status === 'WAITLISTED')
    return { status: proposal.status };

  const allocations = allocationsFor(proposal);
  const at = new Date().toISOString();
  try {
    await proposalRepository.update(
      proposal,
      { status: 'BUDGET_ASSIGNED', allocations },
      {
        at,
        actor: SYSTEM_ACTOR,
        type: 'BUDGET_ASSIGNED',
        note: allocations
          .map((a) => `${FUNDING_SOURCE_LABELS_ID[a.source]} ${formatRupiah(a.amount)}`)
          .join('; '),
      },
      poolRepository.allocationWrites(proposal, allocations, at),
    );
    return { status: 'BUDGET_ASSIGNED' };
  } catch (error) {
    if (!(error instanceof ConditionFailedError)) throw error;
    // The proposal itself changed under us (a retry after our own success, or a withdrawal): look again.
    if (error.failedItems[0]) throw new TransientError('proposal changed during budget assignment');
    // Each allocation contributes a pool update then an allocation record.
    const shortSources = allocations
      .filter((_, i) => error.failedItems[OWN_WRITES + 2 * i])
      .map((a) => a.source);
    if (shortSources.length === 0) throw new TransientError('allocation transaction cancelled');
    const pools = await poolRepository.ofYear(proposal.fiscalYear);
    const note = shortSources
      .map((source) => {
        const pool = pools.find(
          (p) =>
            p.source === source &&
            (source !== 'APBD_KABUPATEN_KOTA' || p.districtCode === proposal.districtCode),
        );
        const needed = allocations.find((a) => a.source === source)?.amount ?? 0;
        return pool
          ? `Sisa pagu ${FUNDING_SOURCE_LABELS_ID[source]} ${formatRupiah(pool.remaining)}, dibutuhkan ${formatRupiah(needed)}`
          : `Pagu ${FUNDING_SOURCE_LABELS_ID[source]} tahun ${proposal.fiscalYear} belum ditetapkan`;
      })
      .join('; ');
    await proposalRepository.update(
      proposal,
      { status: 'WAITLISTED' },
      { at, actor: SYSTEM_ACTOR, type: 'WAITLISTED', note },
    );
    return { status: 'WAITLISTED' };
  }
});
