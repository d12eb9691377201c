import { isWholeRupiah } from '../../fields.js';
import { formatRupiah } from '../../money.js';
import { FUNDING_SOURCE_LABELS_ID } from '../../proposal.js';
import type { RuleInput } from '../context.js';
import type { RuleParams } from '../rule-set.js';

/**
 * Each funding line is a positive whole rupiah amount of at least the minimum per source, each
 * source appears once, and a stored total agrees with the lines it is derived from.
 */
export function checkFundingLinesValid(
  input: RuleInput,
  params: RuleParams<'FUNDING_LINES_VALID'>,
): string[] {
  const { funding, totalAmount } = input.proposal;
  if (funding.length === 0) {
    return ['Usulan belum menyebut sumber dana. Isi sedikitnya satu sumber dana beserta jumlahnya.'];
  }
  const messages: string[] = [];
  const seen = new Set<string>();
  for (const line of funding) {
    const label = FUNDING_SOURCE_LABELS_ID[line.source] ?? line.source;
    if (seen.has(line.source)) {
      messages.push(`Sumber dana ${label} disebut lebih dari sekali. Satukan jumlahnya dalam satu baris.`);
    }
    seen.add(line.source);
    if (!isWholeRupiah(line.amount)) {
      messages.push(
        `Jumlah dana ${label} (${String(line.amount)}) harus berupa rupiah bulat lebih dari 0, tanpa sen.`,
      );
    } else if (line.amount < params.minAmountPerSource) {
      messages.push(
        `Jumlah dana ${label} ${formatRupiah(line.amount)} di bawah batas minimal ` +
          `${formatRupiah(params.minAmountPerSource)} per sumber dana. Naikkan jumlahnya atau gabungkan ` +
          'ke sumber dana lain.',
      );
    }
  }
  if (input.fundingWellFormed && totalAmount !== undefined && totalAmount !== input.total) {
    messages.push(
      `Total usulan tercatat ${formatRupiah(totalAmount)} tidak sama dengan jumlah rincian sumber dana ` +
        `${formatRupiah(input.total)} (selisih ${formatRupiah(Math.abs(totalAmount - input.total))}). ` +
        'Periksa kembali rincian pendanaan.',
    );
  }
  if (!input.fundingWellFormed && funding.every((line) => isWholeRupiah(line.amount))) {
    // Every line is fine on its own, so what is wrong is their sum.
    messages.push(
      `Jumlah seluruh sumber dana melebihi ${formatRupiah(Number.MAX_SAFE_INTEGER)} dan tidak dapat dihitung.`,
    );
  }
  return messages;
}
