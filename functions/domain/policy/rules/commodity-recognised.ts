import { matchCommodity } from '../commodity-match.js';
import type { RuleInput } from '../context.js';
import type { CommodityReferenceList, RuleParams } from '../rule-set.js';

/**
 * The commodity is one of the district's leading commodities or of the province's KIID focus
 * (or leading industries), as the rule set chooses. Silent for an unknown district when the
 * district's list is needed: DISTRICT_EXISTS already says what is wrong.
 */
export function checkCommodityRecognised(
  input: RuleInput,
  params: RuleParams<'COMMODITY_RECOGNISED'>,
): string[] {
  const { district, province, proposal } = input;
  if (!district && params.referenceLists.includes('DISTRICT_LEADING')) return [];

  const entriesOf = (list: CommodityReferenceList): readonly string[] => {
    if (list === 'DISTRICT_LEADING') return district?.leadingCommodities ?? [];
    if (list === 'PROVINCE_KIID') return province.kiidCommodities;
    return province.leadingIndustries;
  };
  const entries = params.referenceLists.flatMap(entriesOf);
  if (matchCommodity(proposal.commodity, entries, params) !== undefined) return [];

  const describe = (list: CommodityReferenceList): string => {
    const names = entriesOf(list);
    const shown = names.length > 0 ? names.join(', ') : 'belum ada yang terdaftar';
    if (list === 'DISTRICT_LEADING') return `komoditas unggulan ${district?.name} (${shown})`;
    if (list === 'PROVINCE_KIID') return `fokus KIID provinsi (${shown})`;
    return `industri unggulan provinsi (${shown})`;
  };
  const containmentHint =
    params.matching === 'WORD_CONTAINMENT'
      ? ' Nama yang lebih rinci diterima bila memuat salah satu nama itu (mis. "kopi arabika" untuk "kopi").'
      : '';
  return [
    `Komoditas "${proposal.commodity}" tidak termasuk ${joinNeither(params.referenceLists.map(describe))}.` +
      `${containmentHint} Pilih komoditas yang sesuai atau ajukan penambahan komoditas unggulan kepada Dinas.`,
  ];
}

/** "A maupun B", "A, B, maupun C": how a list after "tidak termasuk" reads in Indonesian. */
function joinNeither(parts: readonly string[]): string {
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')}${parts.length > 2 ? ',' : ''} maupun ${parts.at(-1)}`;
}
