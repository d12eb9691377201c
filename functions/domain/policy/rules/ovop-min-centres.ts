import type { RuleInput } from '../context.js';
import type { RuleParams } from '../rule-set.js';

/**
 * OVOP (one village one product) is proposed with at least N IKM centres per district. The
 * proposal body counts IKM units, not centres, so `targets.ikmUnits` stands for the centres here.
 */
export function checkOvopMinCentres(input: RuleInput, params: RuleParams<'OVOP_MIN_CENTRES'>): string[] {
  const { programKind, targets } = input.proposal;
  if (programKind !== 'OVOP' || targets.ikmUnits >= params.minIkmCentres) return [];
  return [
    `Program OVOP harus melibatkan sedikitnya ${params.minIkmCentres} sentra IKM, sedangkan usulan ini ` +
      `menyebut ${targets.ikmUnits} (target unit IKM). Tambahkan sentra IKM yang dibina atau pilih jenis ` +
      'program lain.',
  ];
}
