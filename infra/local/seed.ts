import { type SeedOptions, seedReferenceData as seed } from '../../functions/reference-data/seed.js';

/** The local stack seeds what a deployed stage seeds, and the sample budget pools as well. */
export function seedReferenceData(
  dataRoot: string,
  options: Omit<SeedOptions, 'samplePools'> = {},
): Promise<{ created: number }> {
  return seed(dataRoot, { samplePools: true, ...options });
}
