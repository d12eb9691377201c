import { fileURLToPath } from 'node:url';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { log } from '../adapters/observability.js';
import { seedReferenceData } from './seed.js';

/** What the CDK Provider framework expects back from its onEvent handler. */
export interface ProviderResponse {
  PhysicalResourceId: string;
  Data?: Record<string, string | number>;
}

const PHYSICAL_ID = 'ikm-reference-data';

/**
 * The onEvent handler of the reference-data custom resource (infra/stack/reference-data.ts). On
 * create and on every update (the resource's DataHash changes with data/) it seeds what is
 * missing; deleting the resource leaves the data, which belongs to the table.
 */
export function createReferenceDataHandler(dataRoot: string) {
  return async (event: CloudFormationCustomResourceEvent): Promise<ProviderResponse> => {
    if (event.RequestType === 'Delete') return { PhysicalResourceId: event.PhysicalResourceId };
    const samplePools = String(event.ResourceProperties.SamplePools) === 'true';
    const { created } = await seedReferenceData(dataRoot, { samplePools });
    log().info('reference data seeded', { created, samplePools });
    return { PhysicalResourceId: PHYSICAL_ID, Data: { Created: created } };
  };
}

/** The stack copies data/ beside the bundle's index.mjs (see its afterBundling hook). */
export const handler = createReferenceDataHandler(fileURLToPath(new URL('./data/', import.meta.url)));
