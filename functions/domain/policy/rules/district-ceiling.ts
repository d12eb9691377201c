import { formatRupiah } from '../../money.js';
import type { RuleInput } from '../context.js';
import { districtLabel } from '../labels.js';
import type { RuleParams } from '../rule-set.js';

/**
 * The district's requests for the year, this proposal included, stay within its pagu indikatif
 * (configured per district code, else the default). Other proposals in an ignored status (e.g.
 * withdrawn or rejected) no longer claim money and do not count.
 */
export function checkDistrictCeiling(input: RuleInput, params: RuleParams<'DISTRICT_CEILING'>): string[] {
  const { proposal, total, district } = input;
  if (!input.fundingWellFormed) return [];
  const ceiling = params.ceilingsByDistrict[proposal.districtCode] ?? params.defaultCeiling;
  const ignored: readonly string[] = params.ignoredStatuses;
  const counted = input.otherProposals.filter(
    (other) => other.id !== proposal.id && !ignored.includes(other.status),
  );
  const others = counted.reduce((sum, other) => sum + other.totalAmount, 0);
  const requested = total + others;
  if (requested <= ceiling) return [];

  const excess = requested - ceiling;
  const who = districtLabel(proposal.districtCode, district);
  const pagu = `pagu indikatif ${who} TA ${proposal.fiscalYear} ${formatRupiah(ceiling)}`;
  if (counted.length === 0) {
    return [
      `Usulan ini ${formatRupiah(total)} melebihi ${pagu} sebesar ${formatRupiah(excess)}. ` +
        `Kurangi usulan sedikitnya ${formatRupiah(excess)}.`,
    ];
  }
  const breakdown =
    `Total usulan ${who} TA ${proposal.fiscalYear} menjadi ${formatRupiah(requested)} (usulan ini ` +
    `${formatRupiah(total)} ditambah ${counted.length} usulan lain ${formatRupiah(others)}), melebihi ` +
    `${pagu} sebesar ${formatRupiah(excess)}.`;
  const remedy =
    excess < total
      ? ` Kurangi usulan ini sedikitnya ${formatRupiah(excess)} atau tarik usulan lain.`
      : ` Sisa pagu setelah usulan lain ${formatRupiah(Math.max(0, ceiling - others))}; kurangi usulan ini ` +
        'atau tarik usulan lain.';
  return [breakdown + remedy];
}
