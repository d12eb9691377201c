import { FUNDING_SOURCE_LABELS_ID, PROGRAM_KIND_LABELS_ID } from '../../proposal.js';
import type { RuleInput } from '../context.js';
import { listLabels } from '../labels.js';
import type { RuleParams } from '../rule-set.js';

/** Every funding source of the proposal is one the rule set allows for its programme kind. */
export function checkFundingSourcesAllowed(
  input: RuleInput,
  params: RuleParams<'FUNDING_SOURCES_ALLOWED'>,
): string[] {
  const { programKind, funding, fiscalYear } = input.proposal;
  const allowed = params.byProgramKind[programKind] ?? params.defaultSources;
  const refused = [...new Set(funding.map((line) => line.source))].filter(
    (source) => !allowed.includes(source),
  );
  if (refused.length === 0) return [];
  const label = (sources: readonly (keyof typeof FUNDING_SOURCE_LABELS_ID)[]): string =>
    listLabels(sources.map((source) => FUNDING_SOURCE_LABELS_ID[source]));
  return [
    `Sumber dana ${label(refused)} tidak dapat digunakan untuk program ${PROGRAM_KIND_LABELS_ID[programKind]} ` +
      `pada TA ${fiscalYear}. Sumber dana yang diizinkan: ${label(allowed)}.`,
  ];
}
