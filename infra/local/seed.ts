import { seedReferenceData as seed } from '../../functions/reference-data/seed.js';

/** The local stack seeds what a deployed stage seeds, and the sample budget pools as well. */
export function seedReferenceData(dataRoot: string): Promise<{ created: number }> {
  return seed(dataRoot, { samplePools: true });
}
