import { formatRupiah } from '../../money.js';
import { FUNDING_SOURCE_LABELS_ID } from '../../proposal.js';
import type { RuleInput } from '../context.js';
import type { RuleParams } from '../rule-set.js';
import {
  formatPercent,
  formatShare,
  isAtLeastPercent,
  minimumForPercent,
  minimumForPercentOfTotal,
} from '../shares.js';

/**
 * Budget sharing (sharing anggaran): when one source (APBN) funds part of a programme, another
 * (the district's own APBD) carries at least a minimum share, like the 10% DAK counterpart of
 * PMK 175/PMK.07/2009.
 */
export function checkBudgetSharing(input: RuleInput, params: RuleParams<'BUDGET_SHARING'>): string[] {
  const { proposal, total } = input;
  if (!input.fundingWellFormed) return [];
  if (params.programKinds && !params.programKinds.includes(proposal.programKind)) return [];
  const amountOf = (source: string): number =>
    proposal.funding.filter((line) => line.source === source).reduce((sum, line) => sum + line.amount, 0);
  const trigger = amountOf(params.whenFundedBy);
  if (trigger === 0) return [];

  const counterpart = amountOf(params.counterpartSource);
  const base = params.basis === 'TRIGGER_SOURCE' ? trigger : total;
  const minPercent = params.minCounterpartPercent;
  if (isAtLeastPercent(counterpart, base, minPercent)) return [];

  const triggerLabel = FUNDING_SOURCE_LABELS_ID[params.whenFundedBy];
  const counterpartLabel = FUNDING_SOURCE_LABELS_ID[params.counterpartSource];
  const stated =
    `Porsi ${counterpartLabel} ${formatRupiah(counterpart)} baru ${formatShare(counterpart, base)} dari ` +
    (params.basis === 'TRIGGER_SOURCE' ? `porsi ${triggerLabel}` : 'total usulan') +
    ` ${formatRupiah(base)}, padahal usulan yang memakai ${triggerLabel} wajib didampingi ${counterpartLabel} ` +
    `minimal ${formatPercent(minPercent)}`;

  if (params.basis === 'TRIGGER_SOURCE') {
    const required = minimumForPercent(base, minPercent);
    return [
      `${stated} (${formatRupiah(required)}). Tambahkan ${counterpartLabel} sedikitnya ` +
        `${formatRupiah(required - counterpart)} atau kurangi porsi ${triggerLabel}.`,
    ];
  }
  // Raising the counterpart raises the total too, so the amount to reach is computed against the
  // other lines, which stay as they are.
  if (minPercent >= 100) return [`${stated}. Seluruh dana harus berasal dari ${counterpartLabel}.`];
  const required = minimumForPercentOfTotal(total - counterpart, minPercent);
  return [
    `${stated}. Dengan sumber dana lain tetap, porsi ${counterpartLabel} perlu sedikitnya ${formatRupiah(required)}.`,
  ];
}
