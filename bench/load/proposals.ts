import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseDistrictsCsv } from '../../functions/domain/districts-csv.js';
import { MAX_POOL_CEILING } from '../../functions/domain/money.js';
import { issueToken } from '../../infra/local/jwt-issuer.js';

/** The province-wide KIID commodities: recognised for every district by the 2016 rule set. */
const COMMODITIES = ['kakao', 'kelapa', 'kopi', 'jagung', 'markisa', 'rumput laut', 'sutera'] as const;
const ACTIVITIES = [
  'Penumbuhan wirausaha baru',
  'Pelatihan dan pendampingan',
  'Penguatan sentra',
  'Diversifikasi produk olahan',
];

export interface Submitter {
  districtCode: string;
  districtName: string;
  token: string;
}

/** One submitter (and bearer token) per district of data/districts.csv, so load spreads over all 24. */
export async function submitters(projectRoot: string, dataDir: string): Promise<Submitter[]> {
  const districts = parseDistrictsCsv(await readFile(join(projectRoot, 'data/districts.csv'), 'utf8'));
  return Promise.all(
    districts.map(async (d) => ({
      districtCode: d.code,
      districtName: d.name,
      token: await issueToken({ role: 'submitter', districtCode: d.code, dataDir, ttlSeconds: 4 * 3600 }),
    })),
  );
}

/** Pools and pagu indikatif for the bench's own data: the highest ceiling allowed, far above what thousands of proposals need. */
export const GENEROUS_RUPIAH = MAX_POOL_CEILING;

export interface FundingLine {
  source: 'APBN' | 'APBD_PROVINSI' | 'APBD_KABUPATEN_KOTA';
  amount: number;
}

/** Rp 510 juta over the three sources, as in the API reference's example: the bench raises pools and pagu for it. */
export const TYPICAL_FUNDING: readonly FundingLine[] = [
  { source: 'APBN', amount: 300_000_000 },
  { source: 'APBD_PROVINSI', amount: 150_000_000 },
  { source: 'APBD_KABUPATEN_KOTA', amount: 60_000_000 },
];

/** Rp 35 juta: 1,000 such proposals stay within every district's 2016 pagu indikatif, with the stock rules. */
export const SMALL_FUNDING: readonly FundingLine[] = [
  { source: 'APBN', amount: 20_000_000 },
  { source: 'APBD_PROVINSI', amount: 10_000_000 },
  { source: 'APBD_KABUPATEN_KOTA', amount: 5_000_000 },
];

/** Rp 1,1 miliar: from Rp 1 miliar the stock 2016 chain adds the Kepala Dinas stage. */
export const TWO_STAGE_FUNDING: readonly FundingLine[] = [
  { source: 'APBN', amount: 700_000_000 },
  { source: 'APBD_PROVINSI', amount: 300_000_000 },
  { source: 'APBD_KABUPATEN_KOTA', amount: 100_000_000 },
];

export interface BenchProposal {
  submitter: Submitter;
  title: string;
  body: Record<string, unknown>;
}

/**
 * The n-th proposal of a run: valid for the 2016 rules, spread over the districts and commodities.
 * `tag` makes the title unique and fixed-width, so no title is a substring of another (emails are
 * matched to proposals by title).
 */
export function benchProposal(
  submitters: readonly Submitter[],
  n: number,
  run: string,
  funding: readonly FundingLine[] = TYPICAL_FUNDING,
): BenchProposal {
  const submitter = submitters[n % submitters.length] as Submitter;
  const commodity = COMMODITIES[n % COMMODITIES.length] as string;
  const activity = ACTIVITIES[Math.floor(n / submitters.length) % ACTIVITIES.length] as string;
  const title = `${activity} IKM ${commodity} ${submitter.districtName} [${run}-${String(n).padStart(6, '0')}]`;
  return {
    submitter,
    title,
    body: {
      fiscalYear: 2016,
      districtCode: submitter.districtCode,
      title,
      programKind: 'WIRAUSAHA_BARU',
      commodity,
      description: `Pelatihan, pendampingan dan bantuan peralatan bagi calon wirausaha ${commodity}.`,
      targets: { newEntrepreneurs: 40, jobsCreated: 120, ikmUnits: 20 },
      funding: funding.map((line) => ({ ...line })),
    },
  };
}

/** How long a submitter keeps retrying a refused (503) submission before giving up. */
const SUBMIT_PATIENCE_MS = 600_000;

/**
 * POST /proposals as a well-behaved client: a 503 (the stack refusing new workflows while it is
 * behind) is retried after its Retry-After, so that a burst of submissions is spread out rather than
 * lost. Other answers are returned as they are.
 */
export async function submitProposal(url: string, p: BenchProposal): Promise<Response> {
  const deadline = Date.now() + SUBMIT_PATIENCE_MS;
  for (;;) {
    const res = await fetch(`${url}/proposals`, {
      method: 'POST',
      headers: { authorization: `Bearer ${p.submitter.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(p.body),
    });
    if (res.status !== 503 || Date.now() > deadline) return res;
    await res.arrayBuffer();
    const seconds = Number(res.headers.get('retry-after') ?? '1');
    await new Promise((r) => setTimeout(r, (Number.isFinite(seconds) && seconds > 0 ? seconds : 1) * 1000));
  }
}
