import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { approvalChains } from '../adapters/dynamodb/chain-reference.js';
import * as poolRepository from '../adapters/dynamodb/pool-repository.js';
import * as referenceRepository from '../adapters/dynamodb/reference-repository.js';
import * as roundRepository from '../adapters/dynamodb/round-repository.js';
import { parseApprovalChain } from '../domain/approval-chain-schema.js';
import { budgetPoolFileSchema } from '../domain/budget.js';
import type { ProvinceReference } from '../domain/district.js';
import { parseDistrictsCsv } from '../domain/districts-csv.js';
import { parseRuleSet } from '../domain/policy/rule-set.js';
import { parseRoundFile } from '../domain/round.js';

const SEEDED_BY = 'seed';

export interface SeedOptions {
  /** The sample budget pools of data/budget-pools/: for the local stack and test stages only. */
  samplePools: boolean;
  /** The contact addresses a new district record starts with (the local stack's inboxes). */
  contactsFor?: (code: string) => string[];
}

/**
 * Loads the reference data under data/ into the table where it is missing: the 24 districts, the
 * province's lists, each year's rule set, approval chain and planning round (as version 1) and, when asked, the
 * sample budget pools. Nothing that exists is overwritten (every write is conditional on the item
 * being absent), so a restart of the local stack or a redeploy keeps every edit an admin made
 * through the API and every allocation, while a new year's file is added. The one seeding path of
 * the local stack (infra/local/seed.ts) and of the deployed stack's custom resource
 * (reference-data-handler.ts).
 */
export async function seedReferenceData(
  dataRoot: string,
  options: SeedOptions,
): Promise<{ created: number }> {
  let created = 0;
  const count = (ok: boolean) => {
    if (ok) created++;
  };

  const districts = parseDistrictsCsv(await readFile(join(dataRoot, 'districts.csv'), 'utf8'));
  const province = JSON.parse(await readFile(join(dataRoot, 'province.json'), 'utf8')) as ProvinceReference;
  const writes: Promise<void>[] = [
    ...districts.map((d) =>
      referenceRepository
        .putDistrictIfMissing({ ...d, contactEmails: options.contactsFor?.(d.code) ?? [] })
        .then(count),
    ),
    referenceRepository.putProvinceIfMissing(province).then(count),
  ];

  for (const file of await jsonFiles(join(dataRoot, 'policies'))) {
    const parsed = parseRuleSet(JSON.parse(await readFile(file, 'utf8')));
    if (!parsed.ok)
      throw new Error(`${file}: ${parsed.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
    const { ruleSet } = parsed;
    writes.push(
      referenceRepository.latestRuleSet(ruleSet.fiscalYear).then(async (latest) => {
        if (!latest)
          count(
            await referenceRepository.putRuleSetVersion(
              ruleSet.fiscalYear,
              ruleSet.version,
              ruleSet,
              SEEDED_BY,
              new Date().toISOString(),
            ),
          );
      }),
    );
  }

  for (const file of await jsonFiles(join(dataRoot, 'approval-chains'))) {
    const parsed = parseApprovalChain(JSON.parse(await readFile(file, 'utf8')));
    if (!parsed.ok)
      throw new Error(`${file}: ${parsed.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
    const { chain } = parsed;
    writes.push(
      approvalChains.latest(chain.fiscalYear).then(async (latest) => {
        if (!latest)
          count(
            await approvalChains.putNext(chain.fiscalYear, {
              version: chain.version,
              document: chain,
              by: SEEDED_BY,
              at: new Date().toISOString(),
            }),
          );
      }),
    );
  }

  // Each year's planning round (the call for proposals), as its version 1.
  for (const file of await jsonFiles(join(dataRoot, 'rounds'))) {
    const round = parseRoundFile(JSON.parse(await readFile(file, 'utf8')));
    writes.push(roundRepository.putIfMissing(round).then(count));
  }

  for (const file of options.samplePools ? await jsonFiles(join(dataRoot, 'budget-pools')) : []) {
    const { fiscalYear, pools } = budgetPoolFileSchema.parse(JSON.parse(await readFile(file, 'utf8')));
    for (const pool of pools) {
      writes.push(
        poolRepository
          .putIfMissing({
            fiscalYear,
            source: pool.source,
            districtCode: pool.districtCode,
            ceiling: pool.ceiling,
            allocated: 0,
            remaining: pool.ceiling,
          })
          .then(count),
      );
    }
  }
  await Promise.all(writes);
  return { created };
}

/** The JSON files of a data/ subdirectory; none when it does not exist (yet). */
async function jsonFiles(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  return names
    .filter((n) => n.endsWith('.json'))
    .sort()
    .map((n) => join(dir, n));
}
