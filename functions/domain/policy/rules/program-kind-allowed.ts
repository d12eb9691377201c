import { PROGRAM_KIND_LABELS_ID } from '../../proposal.js';
import type { RuleInput } from '../context.js';
import { listLabels } from '../labels.js';
import type { RuleParams } from '../rule-set.js';

/** The programme kind is one the office accepts in this fiscal year. */
export function checkProgramKindAllowed(
  input: RuleInput,
  params: RuleParams<'PROGRAM_KIND_ALLOWED'>,
): string[] {
  const { programKind, fiscalYear } = input.proposal;
  if (params.allowedKinds.includes(programKind)) return [];
  return [
    `Jenis program ${PROGRAM_KIND_LABELS_ID[programKind]} tidak dibuka pada TA ${fiscalYear}. ` +
      `Jenis program yang diterima: ${listLabels(params.allowedKinds.map((kind) => PROGRAM_KIND_LABELS_ID[kind]))}.`,
  ];
}
