import type { Page, Route } from 'playwright-core';
import { PROGRAM_KINDS, STATUS_LABELS_ID } from '../../functions/domain/proposal.js';
import { issueToken } from '../../infra/local/jwt-issuer.js';
import { launchBrowser } from '../../test/support/browser.js';
import { atMost, type Section } from '../report/figures.js';
import type { BenchStack } from '../stack/bench-stack.js';
import { median, round } from '../stats.js';

/** The district form's first load, gzip on the wire, everything the browser fetched (brief: ≤ 200 KB). */
const FORM_TARGET_KB = 200;

interface Transfer {
  url: string;
  bytes: number;
}

/** Bytes on the wire (headers + encoded body) of every request a page load made. */
async function transfers(page: Page, run: () => Promise<void>): Promise<Transfer[]> {
  const seen: Promise<Transfer>[] = [];
  page.on('requestfinished', (request) => {
    seen.push(
      request
        .sizes()
        .then((s) => ({ url: request.url(), bytes: s.responseBodySize + s.responseHeadersSize })),
    );
  });
  await run();
  await page.waitForLoadState('networkidle');
  return Promise.all(seen);
}

const STATUSES = Object.keys(STATUS_LABELS_ID);
const SOURCES = ['APBN', 'APBD_PROVINSI', 'APBD_KABUPATEN_KOTA'] as const;

/** A year of `count` proposals spread over the 24 districts, every status and kind, as GET /proposals returns them. */
function yearOfProposals(count: number) {
  return Array.from({ length: count }, (_, i) => {
    const district = `73.${String((i % 24) + 1).padStart(2, '0')}`;
    const status = STATUSES[i % STATUSES.length] as string;
    const funding = SOURCES.map((source, k) => ({ source, amount: (k + 1) * 50_000_000 + i * 1000 }));
    return {
      id: `01BENCH${String(i).padStart(19, '0')}`,
      revision: 1,
      status,
      statusLabel: STATUS_LABELS_ID[status as keyof typeof STATUS_LABELS_ID],
      fiscalYear: 2016,
      districtCode: district,
      title: `Usulan uji ${i} pengembangan sentra IKM`,
      programKind: PROGRAM_KINDS[i % PROGRAM_KINDS.length],
      commodity: ['kakao', 'kopi', 'rumput laut', 'jagung', 'markisa'][i % 5] ?? 'kakao',
      description: '',
      targets: { newEntrepreneurs: 20, jobsCreated: 60, ikmUnits: 10 },
      funding,
      totalAmount: funding.reduce((s, f) => s + f.amount, 0),
      policyCheck: { ruleSetVersion: 1, outcome: 'PASS', findings: [] },
      approvals: [],
      allocations: status === 'BUDGET_ASSIGNED' ? funding : [],
      submittedBy: `operator@${district}`,
      createdAt: '2016-02-01T00:00:00.000Z',
      updatedAt: '2016-02-01T00:00:00.000Z',
    };
  });
}

/**
 * Serves the year's data to the dashboard from memory, in the API's shapes and pages of 100, so
 * that the figure is the browser's work (fetch, parse, charts, tables), not the local database's.
 */
function dataRoutes(proposals: ReturnType<typeof yearOfProposals>) {
  const assigned = proposals.filter((p) => p.status === 'BUDGET_ASSIGNED');
  const sum = (lines: { amount: number }[]) => lines.reduce((s, l) => s + l.amount, 0);
  const byKey = (key: (p: (typeof proposals)[number]) => string) => {
    const m = new Map<string, number>();
    for (const p of assigned) m.set(key(p), (m.get(key(p)) ?? 0) + sum(p.allocations));
    return [...m];
  };
  const report = {
    fiscalYear: 2016,
    total: sum(assigned.flatMap((p) => p.allocations)),
    byDistrict: byKey((p) => p.districtCode).map(([districtCode, amount]) => ({
      districtCode,
      districtName: `Kabupaten ${districtCode}`,
      amount,
      proposals: 1,
    })),
    bySource: [],
    byCommodity: byKey((p) => p.commodity).map(([commodity, amount]) => ({
      commodity,
      amount,
      proposals: 1,
    })),
    byProgramKind: [],
  };
  const pools = {
    fiscalYear: 2016,
    items: [],
    totals: Object.fromEntries(
      SOURCES.map((s) => [
        s,
        { ceiling: 40_000_000_000, allocated: 10_000_000_000, remaining: 30_000_000_000 },
      ]),
    ),
  };
  return async (route: Route) => {
    const url = new URL(route.request().url());
    const json = (body: unknown) =>
      route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(body) });
    if (url.pathname === '/proposals') {
      const start = Number(url.searchParams.get('cursor') ?? 0);
      const end = start + Number(url.searchParams.get('limit') ?? 50);
      return json({
        items: proposals.slice(start, end),
        nextCursor: end < proposals.length ? String(end) : null,
      });
    }
    if (url.pathname === '/budget-pools') return json(pools);
    if (url.pathname === '/reports/allocations') return json(report);
    if (url.pathname.startsWith('/approval-chains/')) return json({ stages: [{ stage: 'KABID_IKM' }] });
    if (url.pathname === '/approvals')
      return json({
        stage: 'KABID_IKM',
        items: proposals
          .filter((p) => p.status === 'AWAITING_APPROVAL')
          .map((p) => ({
            proposal: p,
            stage: 'KABID_IKM',
            requestedAt: p.createdAt,
            overdueAt: '2016-03-01T00:00:00.000Z',
          })),
      });
    return route.continue();
  };
}

/**
 * The web app in headless Chromium, served by the stack's gateway as in `npm start`: what the
 * district form costs on first load (bytes on the wire, gzip), and how long the province
 * dashboard takes to show a year of proposals (charts drawn, every row of the table rendered).
 */
export async function webAppBench(stack: BenchStack, runs: number, proposals: number): Promise<Section> {
  const browser = await launchBrowser();
  try {
    const submitter = await issueToken({ role: 'submitter', districtCode: '73.71', dataDir: stack.dataDir });
    const admin = await issueToken({ role: 'admin', dataDir: stack.dataDir });
    const signedIn = async (token: string) => {
      const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
      await context.addInitScript((t) => sessionStorage.setItem('ikm.token', t), token);
      return context;
    };

    const formContext = await signedIn(submitter);
    const formPage = await formContext.newPage();
    const form = await transfers(formPage, async () => {
      await formPage.goto(`${stack.url}/app/usulan/baru`);
      await formPage.getByLabel('Judul usulan').waitFor();
    });
    await formContext.close();
    const formKB = form.reduce((s, t) => s + t.bytes, 0) / 1024;

    const year = yearOfProposals(proposals);
    const times: number[] = [];
    let dashboardKB = 0;
    for (let i = 0; i < runs; i++) {
      const context = await signedIn(admin);
      await context.route(
        /\/(proposals|budget-pools|reports\/allocations|approval-chains\/|approvals)(\?|\/|$)/,
        dataRoutes(year),
      );
      const page = await context.newPage();
      const loaded = await transfers(page, async () => {
        await page.goto(`${stack.url}/app/`);
        await page.waitForFunction(
          (n) => {
            // Runs in the page; the bench itself is compiled without DOM types.
            type Node = { textContent: string | null; querySelectorAll(s: string): ArrayLike<Node> };
            const doc = (globalThis as unknown as { document: Node }).document;
            return (
              doc.querySelectorAll('canvas').length === 4 &&
              Array.from(doc.querySelectorAll('section')).some(
                (s) =>
                  s.textContent?.startsWith('Semua usulan') && s.querySelectorAll('tbody tr').length === n,
              )
            );
          },
          proposals,
          { timeout: 60_000, polling: 'raf' },
        );
        // From navigation start to the frame in which all of it was there.
        times.push(await page.evaluate(() => performance.now()));
      });
      if (i === 0)
        dashboardKB =
          loaded
            .filter(
              (t) => !/\/(proposals|budget-pools|reports|approval|approvals)/.test(new URL(t.url).pathname),
            )
            .reduce((s, t) => s + t.bytes, 0) / 1024;
      await context.close();
    }

    return {
      title: `Web app in headless Chromium (first load; dashboard with ${proposals} proposals)`,
      figures: [
        {
          key: 'web.districtFormFirstLoadKB',
          label: 'district form, first load on the wire',
          value: round(formKB),
          unit: 'KB',
          target: atMost(FORM_TARGET_KB),
        },
        {
          key: 'web.dashboardFirstLoadKB',
          label: 'dashboard code and styles on the wire',
          value: round(dashboardKB),
          unit: 'KB',
        },
        {
          key: 'web.dashboardRenderMs',
          label: `dashboard: navigation → charts and ${proposals} rows shown (median of ${runs})`,
          value: round(median(times)),
          unit: 'ms',
        },
      ],
      notes: [
        'Transfer sizes are the bytes Chromium received (headers + gzip bodies) for every request of a cold load: page, scripts, styles.',
        `The dashboard's data (${proposals} proposals in pages of 100, pools, report, approvals queue) is served from memory by the browser context, in the API's shapes, so the time is the browser's own work; the page and its code come from the local gateway.`,
      ],
      details: { formRequests: form },
    };
  } finally {
    await browser.close();
  }
}
