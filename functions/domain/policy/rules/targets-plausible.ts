import { formatRupiah } from '../../money.js';
import { PROGRAM_KIND_LABELS_ID } from '../../proposal.js';
import type { RuleInput } from '../context.js';
import type { RuleParams } from '../rule-set.js';

/**
 * Targets are stated where the programme exists for them, and what each job or new entrepreneur
 * costs stays under a plausible bound. A target of 0 is "not stated": it is only reported when
 * the programme kind requires it, and no cost is computed from it.
 */
export function checkTargetsPlausible(input: RuleInput, params: RuleParams<'TARGETS_PLAUSIBLE'>): string[] {
  const { programKind, targets } = input.proposal;
  const programme = PROGRAM_KIND_LABELS_ID[programKind];
  const measures = [
    {
      count: targets.jobsCreated,
      required: params.jobsRequiredFor.includes(programKind),
      maxCost: params.maxCostPerJob,
      name: 'tenaga kerja yang terserap',
      unit: 'orang',
      per: 'tenaga kerja',
    },
    {
      count: targets.newEntrepreneurs,
      required: params.newEntrepreneursRequiredFor.includes(programKind),
      maxCost: params.maxCostPerNewEntrepreneur,
      name: 'wirausaha baru',
      unit: 'wirausaha',
      per: 'wirausaha baru',
    },
  ];
  const messages: string[] = [];
  for (const measure of measures) {
    if (measure.count <= 0) {
      if (measure.required) {
        messages.push(`Target ${measure.name} wajib diisi (lebih dari 0) untuk program ${programme}.`);
      }
      continue;
    }
    if (!input.fundingWellFormed || input.total <= measure.maxCost * measure.count) continue;
    messages.push(
      `Biaya per ${measure.per} ${formatRupiah(Math.ceil(input.total / measure.count))} ` +
        `(${formatRupiah(input.total)} untuk ${measure.count} ${measure.unit}) melebihi batas kewajaran ` +
        `${formatRupiah(measure.maxCost)}. Periksa kembali target atau anggaran; agar wajar, target ` +
        `${measure.name} sedikitnya ${Math.ceil(input.total / measure.maxCost)} ${measure.unit}.`,
    );
  }
  return messages;
}
