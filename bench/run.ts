/**
 * `npm run bench` (full) and `npm run bench -- --quick` (under two minutes): starts its own local
 * stacks on free ports and temporary data directories, runs every benchmark, prints a table and
 * writes bench/results/latest.json. Benchmarks report; a missed target never fails anything.
 * `--only cold,engine,startup,api,e2e,web` runs a subset (for working on one benchmark); `--profile` runs
 * the load phases' stack under `--cpu-prof` (and one extra local-engine round of the engine bench
 * under the inspector), keeps the profiles and summarises where the CPU went.
 */

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { exitWithUsage, HELP_OPTION, readOptions } from '../infra/local/command-line.js';
import { coldStartBench } from './cold-start/cold-start-bench.js';
import { engineOverheadBench } from './engine/engine-overhead-bench.js';
import { apiLoadBench } from './load/api-load-bench.js';
import { endToEndBench } from './load/end-to-end-bench.js';
import { submitters } from './load/proposals.js';
import { formatProfile, summarizeProfilesIn } from './profile/cpu-profile-summary.js';
import { atMost, failedSection, type Section } from './report/figures.js';
import { describeMachine } from './report/machine.js';
import { type BenchReport, renderTable, writeJsonReport } from './report/write-report.js';
import { BenchStack } from './stack/bench-stack.js';
import {
  benchTempDir,
  installExitHandlers,
  killEverythingNow,
  removeTempDir,
} from './stack/child-processes.js';
import type { NodeMemoryPeak } from './stack/protocol.js';
import type { MemoryPeak } from './stack/rss-sampler.js';
import { startupBench } from './startup/startup-bench.js';
import { round } from './stats.js';
import { webAppBench } from './web/web-app-bench.js';

const USAGE = `Pemakaian: npm run bench -- [opsi]
Menjalankan stack lokal sendiri pada port bebas, mengukur, mencetak tabel, dan menulis
bench/results/latest.json. Target yang meleset dilaporkan, tidak pernah membuat gagal.
  --quick          putaran singkat (di bawah dua menit), bukan angka lengkap
  --only DAFTAR    hanya bagian ini, dipisah koma: cold,engine,startup,api,e2e,web
  --profile        fase beban di bawah --cpu-prof, lalu ringkasan ke mana CPU terpakai
  --help, -h       tampilkan bantuan ini`;

const values = readOptions(USAGE, (args) =>
  parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      profile: { type: 'boolean', default: false },
      ...HELP_OPTION,
    },
  }),
);

const MODES = {
  full: {
    coldImportRuns: 10,
    engineExecutions: 500,
    startup: { emptyRuns: 3, storedProposals: 1000, timeoutMs: 300_000 },
    api: {
      connections: 50,
      durationSeconds: 20,
      getTargets: 100,
      drainTimeoutMs: 600_000,
      steadyRatePerSecond: 20,
      steadySeconds: 30,
    },
    e2e: { proposals: 500, sequentialProposals: 10, timeoutMs: 600_000 },
    web: { runs: 5, proposals: 500 },
  },
  quick: {
    coldImportRuns: 3,
    engineExecutions: 100,
    startup: { emptyRuns: 1, storedProposals: 200, timeoutMs: 120_000 },
    api: {
      connections: 50,
      durationSeconds: 5,
      getTargets: 24,
      drainTimeoutMs: 60_000,
      steadyRatePerSecond: 20,
      steadySeconds: 10,
    },
    e2e: { proposals: 100, sequentialProposals: 2, timeoutMs: 120_000 },
    web: { runs: 2, proposals: 500 },
  },
} as const;

const SECTIONS = ['cold', 'engine', 'startup', 'api', 'e2e', 'web'] as const;
type SectionName = (typeof SECTIONS)[number];

/** The sections `--only` names, each one known; an unknown name is a usage error (exit code 2). */
function onlySections(list: string | undefined): SectionName[] {
  if (list === undefined) return [...SECTIONS];
  const names = list.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !(SECTIONS as readonly string[]).includes(name));
  if (unknown.length > 0) exitWithUsage(`Bagian --only tidak dikenal: ${unknown.join(', ')}.`, USAGE);
  return names as SectionName[];
}

const PROJECT_ROOT = resolve(import.meta.dirname, '..');
const MEMORY_TARGET_MB = 600;
const RESULTS = join(PROJECT_ROOT, 'bench/results/latest.json');

async function main(): Promise<number> {
  installExitHandlers();
  const mode = values.quick ? 'quick' : 'full';
  const config = MODES[mode];
  const only = new Set(onlySections(values.only));
  const machine = describeMachine(PROJECT_ROOT);
  const started = performance.now();
  const sections: Section[] = [];
  const memory: Array<{ phase: string; peak: MemoryPeak; node: NodeMemoryPeak }> = [];
  /** With --profile: a kept directory per load phase, for Chrome DevTools or `node --cpu-prof` tooling. */
  const profileDir = (phase: string) =>
    values.profile ? mkdtempSync(join(tmpdir(), `ikm-bench-profile-${phase}-`)) : undefined;
  const withProfile = async (section: Section, dir: string | undefined): Promise<Section> => {
    if (!dir) return section;
    const summaries = await summarizeProfilesIn(dir, PROJECT_ROOT);
    return {
      ...section,
      notes: [...(section.notes ?? []), ...summaries.flatMap(formatProfile)],
      details: { ...section.details, cpuProfiles: summaries },
    };
  };
  let failures = 0;
  const tempDirs: string[] = [];
  const dataDir = async () => {
    const dir = benchTempDir('stack');
    tempDirs.push(dir);
    return dir;
  };

  const section = async (
    name: SectionName,
    title: string,
    run: () => Promise<Section[]>,
    keys: Parameters<typeof failedSection>[1],
  ) => {
    if (!only.has(name)) return;
    const t0 = performance.now();
    console.error(`bench: ${title}…`);
    try {
      sections.push(...(await run()));
    } catch (error) {
      failures++;
      console.error(
        `bench: ${title} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      sections.push(failedSection(title, keys, error));
    }
    console.error(`bench: ${title} done in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  };

  try {
    await section(
      'cold',
      'Cold start proxy, per function',
      async () => [await coldStartBench(PROJECT_ROOT, config.coldImportRuns)],
      [],
    );

    await section(
      'engine',
      'Engine overhead: local engine vs bare aws-local-stepfunctions',
      async () => {
        const cpuProfileDir = profileDir('engine');
        const result = await engineOverheadBench(PROJECT_ROOT, config.engineExecutions, cpuProfileDir);
        return [await withProfile(result, cpuProfileDir)];
      },
      [
        {
          key: 'engine.overheadRatio',
          label: 'local engine time ÷ bare library time',
          unit: '×',
          target: atMost(3),
        },
      ],
    );

    await section(
      'startup',
      'Start-up: npm start → GET /health 200',
      async () => [await startupBench(PROJECT_ROOT, config.startup)],
      [
        { key: 'startup.emptySeconds', label: 'empty data directory', unit: 's', target: atMost(5) },
        {
          key: 'startup.withStoredProposalsSeconds',
          label: 'with proposals stored (restart)',
          unit: 's',
          target: atMost(5),
        },
      ],
    );

    await section(
      'api',
      `API under load (autocannon, ${config.api.connections} connections, ${config.api.durationSeconds} s each)`,
      async () => {
        const cpuProfileDir = profileDir('api');
        const stack = await BenchStack.start({
          projectRoot: PROJECT_ROOT,
          dataDir: await dataDir(),
          cpuProfileDir,
        });
        let result: Awaited<ReturnType<typeof apiLoadBench>>;
        try {
          result = await apiLoadBench(stack, await submitters(PROJECT_ROOT, stack.dataDir), config.api);
          memory.push({ phase: 'API load', peak: result.memory, node: result.nodeMemory });
        } finally {
          await stack.stop();
        }
        return [await withProfile(result.section, cpuProfileDir)];
      },
      ['getProposal', 'postProposals'].flatMap((p) => [
        { key: `api.${p}.requestsPerSecond`, label: `${p}: requests/s`, unit: 'req/s' },
        { key: `api.${p}.latencyP50Ms`, label: `${p}: p50`, unit: 'ms' },
        { key: `api.${p}.latencyP99Ms`, label: `${p}: p99`, unit: 'ms' },
        { key: `api.${p}.errors`, label: `${p}: errors`, unit: 'count' },
      ]),
    );

    await section(
      'e2e',
      'End to end: submit → email → approve → BUDGET_ASSIGNED',
      async () => {
        const cpuProfileDir = profileDir('e2e');
        const stack = await BenchStack.start({
          projectRoot: PROJECT_ROOT,
          dataDir: await dataDir(),
          cpuProfileDir,
        });
        let result: Awaited<ReturnType<typeof endToEndBench>>;
        try {
          result = await endToEndBench(stack, await submitters(PROJECT_ROOT, stack.dataDir), config.e2e);
          memory.push({ phase: 'end to end', peak: result.memory, node: result.nodeMemory });
        } finally {
          await stack.stop();
        }
        return [await withProfile(result.endToEnd, cpuProfileDir), result.perProposal];
      },
      [
        { key: 'e2e.proposalsPerSecond', label: 'throughput', unit: 'proposals/s' },
        { key: 'e2e.latencyP50Seconds', label: 'p50', unit: 's' },
        { key: 'e2e.latencyP99Seconds', label: 'p99', unit: 's' },
        { key: 'e2e.rawWriteLimitProposalsPerSecond', label: 'raw write limit', unit: 'proposals/s' },
        {
          key: 'e2e.ratioToWriteLimit',
          label: 'workflow ÷ raw write limit',
          unit: 'ratio',
          target: { comparison: '>=', value: 0.7 },
        },
        { key: 'perProposal.stateTransitions', label: 'state transitions', unit: 'count' },
        { key: 'cost.per1000Proposals.total', label: 'cost / 1,000 proposals', unit: 'USD' },
      ],
    );

    await section(
      'web',
      'Web app: first load and dashboard render in headless Chromium',
      async () => {
        const stack = await BenchStack.start({ projectRoot: PROJECT_ROOT, dataDir: await dataDir() });
        try {
          return [await webAppBench(stack, config.web.runs, config.web.proposals)];
        } finally {
          await stack.stop();
        }
      },
      [
        {
          key: 'web.districtFormFirstLoadKB',
          label: 'district form, first load on the wire',
          unit: 'KB',
          target: atMost(200),
        },
        { key: 'web.dashboardRenderMs', label: 'dashboard render', unit: 'ms' },
      ],
    );

    if (memory.length > 0) {
      const worst = memory.reduce((a, b) => (b.peak.totalMB > a.peak.totalMB ? b : a));
      sections.push({
        title: 'Memory of the whole local stack (Node + DynamoDB Local JVM)',
        figures: [
          {
            key: 'memory.peakTotalMB',
            label: `peak RSS, sum (during ${worst.phase})`,
            value: round(worst.peak.totalMB),
            unit: 'MB',
            target: atMost(MEMORY_TARGET_MB),
          },
          {
            key: 'memory.peakNodeMB',
            label: 'of which the Node process',
            value: round(worst.peak.nodeMB),
            unit: 'MB',
          },
          {
            key: 'memory.peakJavaMB',
            label: 'of which DynamoDB Local (JVM)',
            value: round(worst.peak.javaMB),
            unit: 'MB',
          },
        ],
        notes: [
          'Resident set sizes of the stack process and everything it spawned, sampled every 250 ms with ps during the ' +
            'load phases; the peak is the highest simultaneous sum.',
          ...memory.map(
            ({ phase, node }) =>
              `${phase}: at the Node process's own peak (${round(node.rss)} MB RSS) V8 held ${round(node.heapUsed)} MB ` +
              `live of a ${round(node.heapTotal)} MB heap, plus ${round(node.external)} MB external ` +
              `(${round(node.arrayBuffers)} MB ArrayBuffers).`,
          ),
        ],
        details: Object.fromEntries(memory.map((m) => [m.phase, { sampled: m.peak, nodeProcess: m.node }])),
      });
    }
  } finally {
    for (const dir of tempDirs) removeTempDir(dir);
    killEverythingNow();
  }

  const report: BenchReport = {
    generatedAt: new Date().toISOString(),
    mode,
    command: values.quick ? 'npm run bench -- --quick' : 'npm run bench',
    durationSeconds: (performance.now() - started) / 1000,
    machine,
    sections,
  };
  await writeJsonReport(RESULTS, report);
  console.log(renderTable(report));
  console.log(`\nWritten: ${RESULTS}`);
  return failures > 0 ? 1 : 0;
}

process.exitCode = await main();
