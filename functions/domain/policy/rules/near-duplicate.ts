import { PROGRAM_KIND_LABELS_ID, STATUS_LABELS_ID } from '../../proposal.js';
import type { RuleInput } from '../context.js';
import type { RuleParams } from '../rule-set.js';
import { normalisePhrase, similarityTo } from '../text.js';

/**
 * Another live proposal of the same district and year with the same programme kind and commodity,
 * and a title at least `minTitleSimilarity` alike (Dice coefficient of letter pairs; 0 flags every
 * proposal with the same kind and commodity). One finding per such proposal, in the given order.
 */
export function checkNearDuplicate(input: RuleInput, params: RuleParams<'NEAR_DUPLICATE'>): string[] {
  const { proposal } = input;
  const commodity = normalisePhrase(proposal.commodity);
  const ignored: readonly string[] = params.ignoredStatuses;
  const similarity = similarityTo(proposal.title);
  const messages: string[] = [];
  for (const other of input.otherProposals) {
    if (other.id === proposal.id || ignored.includes(other.status)) continue;
    if (other.programKind !== proposal.programKind || normalisePhrase(other.commodity) !== commodity)
      continue;
    const alikeness = similarity(other.title);
    if (alikeness < params.minTitleSimilarity) continue;
    const status = STATUS_LABELS_ID[other.status as keyof typeof STATUS_LABELS_ID] ?? other.status;
    const alike = params.minTitleSimilarity > 0 ? `, kemiripan judul ${Math.floor(alikeness * 100)}%` : '';
    messages.push(
      `Usulan ini mirip dengan usulan ${other.id} "${other.title}" (${PROGRAM_KIND_LABELS_ID[other.programKind]}, ` +
        `komoditas ${commodity}, status ${status}${alike}). Pastikan tidak terjadi pendanaan ganda: ` +
        'gabungkan kedua usulan atau bedakan sasaran dan lokasinya.',
    );
  }
  return messages;
}
