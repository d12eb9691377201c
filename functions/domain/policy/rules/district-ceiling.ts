import { formatRupiah } from '../../money.js';
import type { RuleInput } from '../context.js';
import { ceilingOfDistrict } from '../district-commitment.js';
import { districtLabel } from '../labels.js';
import type { RuleParams } from '../rule-set.js';

/**
 * The district's commitments for the year, this proposal included, stay within its pagu indikatif
 * (configured per district code, else the default). The others' part is the committed amount the
 * store keeps (district-commitment.ts): proposals still being checked do not count yet, and those
 * returned, rejected or withdrawn no longer do.
 */
export function checkDistrictCeiling(input: RuleInput, params: RuleParams<'DISTRICT_CEILING'>): string[] {
  const { proposal, total, district } = input;
  if (!input.fundingWellFormed) return [];
  const ceiling = ceilingOfDistrict(params, proposal.districtCode);
  const { amount: others, proposals: counted } = input.districtCommitted;
  const requested = total + others;
  if (requested <= ceiling) return [];

  const excess = requested - ceiling;
  const who = districtLabel(proposal.districtCode, district);
  const pagu = `pagu indikatif ${who} TA ${proposal.fiscalYear} ${formatRupiah(ceiling)}`;
  if (counted === 0) {
    return [
      `Usulan ini ${formatRupiah(total)} melebihi ${pagu} sebesar ${formatRupiah(excess)}. ` +
        `Kurangi usulan sedikitnya ${formatRupiah(excess)}.`,
    ];
  }
  const breakdown =
    `Total usulan ${who} TA ${proposal.fiscalYear} menjadi ${formatRupiah(requested)} (usulan ini ` +
    `${formatRupiah(total)} ditambah ${counted} usulan lain ${formatRupiah(others)}), melebihi ` +
    `${pagu} sebesar ${formatRupiah(excess)}.`;
  const remedy =
    excess < total
      ? ` Kurangi usulan ini sedikitnya ${formatRupiah(excess)} atau tarik usulan lain.`
      : ` Sisa pagu setelah usulan lain ${formatRupiah(Math.max(0, ceiling - others))}; kurangi usulan ini ` +
        'atau tarik usulan lain.';
  return [breakdown + remedy];
}
