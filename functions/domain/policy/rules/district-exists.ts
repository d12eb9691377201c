import type { RuleInput } from '../context.js';
import type { RuleParams } from '../rule-set.js';

/** The proposal names one of the province's known kabupaten/kota (by Kemendagri code). */
export function checkDistrictExists(input: RuleInput, _params: RuleParams<'DISTRICT_EXISTS'>): string[] {
  if (input.district) return [];
  const example = input.districts.values().next().value;
  const hint = example ? ` (mis. ${example.code} untuk ${example.name})` : '';
  return [
    `Kode kabupaten/kota ${input.proposal.districtCode} tidak terdaftar. Gunakan kode Kemendagri salah satu ` +
      `dari ${input.districts.size} kabupaten/kota${hint}, bukan kode BPS.`,
  ];
}
