import * as poolRepository from '../../adapters/dynamodb/pool-repository.js';
import { proposalsOfYear } from '../../adapters/dynamodb/proposal-queries.js';
import * as referenceRepository from '../../adapters/dynamodb/reference-repository.js';
import { matchCommodity } from '../../domain/policy/commodity-match.js';
import { buildProgramme, type Programme } from '../../domain/programme.js';

/** The year's programme as it stands now, from its proposals (by status) and its allocations. */
export async function currentProgramme(
  fiscalYear: number,
): Promise<{ programme: Programme; names: Map<string, string> }> {
  const [proposals, allocations, districts, province] = await Promise.all([
    proposalsOfYear(fiscalYear),
    poolRepository.allocationsOfYear(fiscalYear),
    referenceRepository.districts(),
    referenceRepository.province(),
  ]);
  const kiid = province?.kiidCommodities ?? [];
  const names = new Map(districts.map((d) => [d.code, d.name]));
  const programme = buildProgramme({
    fiscalYear,
    proposals,
    allocations,
    districts: names,
    // "kopi arabika" counts as the KIID commodity "kopi", as in the policy check's matching.
    kiidOf: (commodity) =>
      matchCommodity(commodity, kiid, { matching: 'WORD_CONTAINMENT', aliases: {}, distinctPhrases: [] }),
  });
  return { programme, names };
}
