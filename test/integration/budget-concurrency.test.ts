import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as commitmentRepository from '../../functions/adapters/dynamodb/commitment-repository.js';
import * as poolRepository from '../../functions/adapters/dynamodb/pool-repository.js';
import { proposalHistory } from '../../functions/adapters/dynamodb/proposal-queries.js';
import {
  proposalRepository,
  type StoredProposal,
} from '../../functions/adapters/dynamodb/proposal-repository.js';
import * as proposalWrites from '../../functions/adapters/dynamodb/proposal-writes.js';
import { newProposalId } from '../../functions/adapters/ids.js';
import { assignBudget } from '../../functions/budget/assign-budget.js';
import type { PoolId } from '../../functions/domain/pool-ceiling.js';
import type { FundingLine } from '../../functions/domain/proposal.js';
import { needsOf } from '../../functions/domain/waitlist.js';
import { handler as checkPolicyStep } from '../../functions/steps/check-policy.js';
import { startTestStack, type TestStack, validProposal } from '../support/local-stack.js';

/**
 * The budget services and the district ceiling under real concurrency, on the local stack
 * (DynamoDB Local, the workflow engine, SMTP). Approvals race through the
 * AssignBudget service (the step's use case, called in-process as the step would be, many at
 * once), ceilings are raised through PUT /budget-pools. Proposals are stored directly in APPROVED:
 * submitting and clicking 200 mailed links would test the approval path, not the budget, and
 * takes minutes on this machine. Submissions for the district ceiling go through the API and the
 * workflow, whose CheckPolicy step they race in.
 */

let t: TestStack;
let admin: string;

/** One proposal's funding: APBN, APBD Provinsi and its district's APBD Kabupaten/Kota. */
const FUNDING: FundingLine[] = [
  { source: 'APBN', amount: 100_000_000 },
  { source: 'APBD_PROVINSI', amount: 50_000_000 },
  { source: 'APBD_KABUPATEN_KOTA', amount: 20_000_000 },
];
const DISTRICT = '73.71';

const poolsOf = (fiscalYear: number): PoolId[] =>
  needsOf({ fiscalYear, districtCode: DISTRICT, funding: FUNDING }).map((n) => n.pool);

const poolPath = (pool: PoolId) =>
  `/budget-pools/${pool.fiscalYear}/${pool.source}${pool.districtCode ? `/${pool.districtCode}` : ''}`;

/** Sets every pool of the year so that exactly `count` proposals fit (through the API, audited). */
async function poolsFitting(fiscalYear: number, count: number): Promise<void> {
  for (const need of needsOf({ fiscalYear, districtCode: DISTRICT, funding: FUNDING })) {
    const res = await t.api('PUT', poolPath(need.pool), {
      token: admin,
      body: { ceiling: need.amount * count },
    });
    expect([200, 201]).toContain(res.status);
  }
}

let sequence = 0;

/** `count` APPROVED proposals of the year, stored as the RecordDecision step leaves them, oldest first. */
async function approvedProposals(fiscalYear: number, count: number): Promise<StoredProposal[]> {
  const made: StoredProposal[] = [];
  // A little in the past, so that every later audit event sorts after the first.
  const epoch = Date.now() - 20_000;
  for (let i = 0; i < count; i++) {
    sequence += 1;
    const now = new Date(epoch + i).toISOString();
    made.push({
      id: newProposalId(epoch + i),
      revision: 1,
      status: 'APPROVED',
      fiscalYear,
      districtCode: DISTRICT,
      title: `Pelatihan kemasan kopi angkatan ${sequence}`,
      programKind: 'PELATIHAN',
      commodity: 'kopi',
      description: '',
      targets: { newEntrepreneurs: 10, jobsCreated: 30, ikmUnits: 10 },
      funding: FUNDING,
      totalAmount: 170_000_000,
      policyCheck: null,
      approvals: [],
      allocations: [],
      submittedBy: 'operator@makassar.local',
      createdAt: now,
      updatedAt: now,
      version: 1,
    });
  }
  // Stored 20 at a time: the setup, not the race.
  for (let i = 0; i < made.length; i += 20) {
    await Promise.all(
      made.slice(i, i + 20).map(async (p) => {
        // No run marker, so no run: the test calls the budget service as AssignBudget would.
        await proposalWrites.create(p, { at: p.createdAt, actor: 'uji', type: 'APPROVED', note: '' });
      }),
    );
  }
  return made;
}

const approveAll = (proposals: StoredProposal[]) =>
  Promise.all(proposals.map((p) => assignBudget(p, { at: new Date().toISOString(), actor: 'sistem' })));

/** Polls the pools until stopped, remembering the lowest `remaining` ever seen. */
function watchPools(fiscalYear: number) {
  let lowest = Number.POSITIVE_INFINITY;
  let samples = 0;
  let running = true;
  const done = (async () => {
    while (running) {
      for (const pool of await poolRepository.ofYear(fiscalYear)) lowest = Math.min(lowest, pool.remaining);
      samples += 1;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  })();
  return async () => {
    running = false;
    await done;
    return { lowest, samples };
  };
}

async function statusesOf(proposals: StoredProposal[]): Promise<StoredProposal[]> {
  return Promise.all(
    proposals.map(async (p) => {
      const stored = await proposalRepository.get(p.id);
      if (!stored) throw new Error(`proposal ${p.id} vanished`);
      return stored;
    }),
  );
}

const countOf = (proposals: StoredProposal[], status: string) =>
  proposals.filter((p) => p.status === status).length;

/** Nobody waits while every pool it draws on could fund it now (nothing was missed). */
async function expectNobodyMissed(fiscalYear: number, proposals: StoredProposal[]): Promise<void> {
  const pools = await poolRepository.ofYear(fiscalYear);
  const remaining = (pool: PoolId) =>
    pools.find((p) => p.source === pool.source && (p.districtCode ?? '') === (pool.districtCode ?? ''))
      ?.remaining ?? 0;
  for (const p of proposals.filter((x) => x.status === 'WAITLISTED')) {
    const fits = needsOf(p).every((need) => remaining(need.pool) >= need.amount);
    expect(fits, `${p.id} waits although its pools could fund it`).toBe(false);
  }
}

/** What the queues and counters say agrees with the proposals: each WAITLISTED one is counted once per pool it waits on. */
async function expectQueuesAgree(fiscalYear: number, proposals: StoredProposal[]): Promise<void> {
  for (const pool of poolsOf(fiscalYear)) {
    const queue = await poolRepository.waitlistOf(pool);
    const waiting = proposals.filter(
      (p) =>
        p.status === 'WAITLISTED' &&
        p.waitlist?.pools.some(
          (w) => w.pool.source === pool.source && w.pool.districtCode === pool.districtCode,
        ),
    );
    expect(queue.map((e) => e.proposalId).sort()).toEqual(waiting.map((p) => p.id).sort());
    expect((await poolRepository.get(pool))?.waiting).toBe(waiting.length);
  }
}

beforeAll(async () => {
  t = await startTestStack();
  admin = await t.token('admin', { email: 'admin@disperin.local' });
}, 120_000);

afterAll(async () => {
  await t?.stop();
});

describe('Given 200 approvals racing on pools that fit exactly 50', () => {
  const YEAR = 2031;
  let proposals: StoredProposal[];
  let after: StoredProposal[];
  let watched: { lowest: number; samples: number };

  beforeAll(async () => {
    await poolsFitting(YEAR, 50);
    proposals = await approvedProposals(YEAR, 200);
    const stop = watchPools(YEAR);
    const results = await approveAll(proposals);
    watched = await stop();
    expect(results.every((r) => r.outcome !== 'PROPOSAL_CHANGED')).toBe(true);
    after = await statusesOf(proposals);
  }, 240_000);

  it('when they all finish, then exactly 50 are BUDGET_ASSIGNED and the other 150 WAITLISTED', () => {
    expect(countOf(after, 'BUDGET_ASSIGNED')).toBe(50);
    expect(countOf(after, 'WAITLISTED')).toBe(150);
  });

  it('then no pool was ever seen below 0 and each is exactly used up', async () => {
    expect(watched.samples).toBeGreaterThan(0);
    expect(watched.lowest).toBeGreaterThanOrEqual(0);
    for (const pool of await poolRepository.ofYear(YEAR)) {
      const need = FUNDING.find((f) => f.source === pool.source)?.amount ?? 0;
      expect(pool).toMatchObject({ ceiling: need * 50, allocated: need * 50, remaining: 0, waiting: 150 });
    }
  });

  it("then the allocation report's total equals what the pools say is allocated", async () => {
    const auditor = await t.token('auditor');
    const report = await t.api('GET', `/reports/allocations?fiscalYear=${YEAR}&format=json`, {
      token: auditor,
    });
    expect(report.status).toBe(200);
    const allocated = (await poolRepository.ofYear(YEAR)).reduce((sum, p) => sum + p.allocated, 0);
    expect(report.body.total).toBe(allocated);
    expect(report.body.total).toBe(50 * 170_000_000);
  });

  it('then every waiting proposal is in the queue of each pool it waits on, and counted there once', async () => {
    await expectQueuesAgree(YEAR, after);
    await expectNobodyMissed(YEAR, after);
  });
});

describe('Given 20 proposals waitlisted on pools that fit 10', () => {
  const YEAR = 2032;
  let waitlisted: StoredProposal[];
  let newcomers: StoredProposal[];
  let raised: string[];
  let all: StoredProposal[];

  beforeAll(async () => {
    await poolsFitting(YEAR, 10);
    const first = await approvedProposals(YEAR, 30);
    await approveAll(first);
    const firstAfter = await statusesOf(first);
    expect(countOf(firstAfter, 'BUDGET_ASSIGNED')).toBe(10);
    waitlisted = firstAfter.filter((p) => p.status === 'WAITLISTED');
    newcomers = await approvedProposals(YEAR, 30);

    // 30 new approvals race with a raise that makes room for 10 more proposals in every pool.
    const approvals = approveAll(newcomers);
    await new Promise((resolve) => setTimeout(resolve, 20));
    raised = [];
    for (const need of needsOf({ fiscalYear: YEAR, districtCode: DISTRICT, funding: FUNDING })) {
      const res = await t.api('PUT', poolPath(need.pool), {
        token: admin,
        body: { ceiling: need.amount * 20 },
      });
      expect(res.status).toBe(200);
      raised.push(...res.body.funded);
    }
    await approvals;
    all = await statusesOf([...firstAfter, ...newcomers]);
  }, 120_000);

  it('when a raise lands during new approvals, then the 10 oldest waitlisted are funded and no newcomer', async () => {
    const oldestFirst = [...waitlisted].sort(
      (a, b) => (a.waitlist?.since ?? '').localeCompare(b.waitlist?.since ?? '') || a.id.localeCompare(b.id),
    );
    const funded = all.filter((p) => p.status === 'BUDGET_ASSIGNED').map((p) => p.id);
    expect(funded).toHaveLength(20);
    expect(new Set(funded.filter((id) => waitlisted.some((p) => p.id === id)))).toEqual(
      new Set(oldestFirst.slice(0, 10).map((p) => p.id)),
    );
    for (const p of oldestFirst.slice(10)) expect(funded).not.toContain(p.id);
    for (const p of newcomers) expect(funded).not.toContain(p.id);
    expect(countOf(all, 'WAITLISTED')).toBe(40);
  });

  it('then the raise funded its part of the queue in queue order, each noted as funded from the waitlist', async () => {
    const order = [...waitlisted]
      .sort(
        (a, b) =>
          (a.waitlist?.since ?? '').localeCompare(b.waitlist?.since ?? '') || a.id.localeCompare(b.id),
      )
      .map((p) => p.id);
    // Approvals that queued while the money was there run the queue too, so the raise may fund only part of it.
    expect(raised.length).toBeGreaterThan(0);
    expect([...raised].sort((a, b) => order.indexOf(a) - order.indexOf(b))).toEqual(raised);
    const history = await proposalHistory(raised[0] ?? '');
    expect(history.find((e) => e.type === 'BUDGET_ASSIGNED')).toMatchObject({
      type: 'BUDGET_ASSIGNED',
      from: 'WAITLISTED',
      actor: 'admin@disperin.local',
      note: expect.stringMatching(/^Didanai dari daftar tunggu/),
    });
  });

  it('then the pools are used up, never over, and the queues agree with the proposals', async () => {
    for (const pool of await poolRepository.ofYear(YEAR)) {
      expect(pool.remaining).toBe(0);
      expect(pool.allocated).toBe(pool.ceiling);
    }
    await expectQueuesAgree(YEAR, all);
    await expectNobodyMissed(YEAR, all);
  });
});

describe('Given approvals racing with a raise that makes room for all of them', () => {
  const YEAR = 2033;
  let all: StoredProposal[];

  beforeAll(async () => {
    await poolsFitting(YEAR, 5);
    const proposals = await approvedProposals(YEAR, 25);
    const approvals = approveAll(proposals);
    await new Promise((resolve) => setTimeout(resolve, 30));
    for (const need of needsOf({ fiscalYear: YEAR, districtCode: DISTRICT, funding: FUNDING })) {
      const res = await t.api('PUT', poolPath(need.pool), {
        token: admin,
        body: { ceiling: need.amount * 25 },
      });
      expect(res.status).toBe(200);
    }
    await approvals;
    all = await statusesOf(proposals);
  }, 120_000);

  it('when everything settles, then none is left waiting: a proposal waitlisted during the raise was not missed', async () => {
    expect(countOf(all, 'BUDGET_ASSIGNED')).toBe(25);
    for (const pool of await poolRepository.ofYear(YEAR))
      expect(pool).toMatchObject({ remaining: 0, waiting: 0 });
    await expectQueuesAgree(YEAR, all);
  });
});

describe('Given two proposals waitlisted behind pools that are used up', () => {
  const YEAR = 2034;
  let older: StoredProposal;
  let newer: StoredProposal;

  beforeAll(async () => {
    await poolsFitting(YEAR, 2);
    await approveAll(await approvedProposals(YEAR, 2));
    const pair = await approvedProposals(YEAR, 2);
    older = pair[0] as StoredProposal;
    newer = pair[1] as StoredProposal;
    for (const p of pair) expect((await approveAll([p]))[0]?.outcome).toBe('WAITLISTED');
  }, 60_000);

  it('when the pools grow by one proposal, then the older is funded and the newer still waits', async () => {
    await poolsFitting(YEAR, 3);
    const [o, n] = await statusesOf([older, newer]);
    expect([o?.status, n?.status]).toEqual(['BUDGET_ASSIGNED', 'WAITLISTED']);
    for (const pool of poolsOf(YEAR)) expect((await poolRepository.get(pool))?.waiting).toBe(1);
  });

  it('when the newer is withdrawn, then it leaves every queue and a new approval is funded as soon as money comes', async () => {
    const makassar = await t.token('submitter', { districtCode: DISTRICT });
    const res = await t.api('POST', `/proposals/${newer.id}/withdraw`, { token: makassar });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('WITHDRAWN');
    for (const pool of poolsOf(YEAR)) {
      expect(await poolRepository.waitlistOf(pool)).toEqual([]);
      expect((await poolRepository.get(pool))?.waiting).toBe(0);
    }
    expect((await proposalRepository.get(newer.id))?.waitlist).toBeUndefined();

    await poolsFitting(YEAR, 4);
    const [latest] = await approvedProposals(YEAR, 1);
    expect((await approveAll([latest as StoredProposal]))[0]?.outcome).toBe('BUDGET_ASSIGNED');
  });
});

describe('Given 10 proposals of Kabupaten Bantaeng (pagu Rp 2.500.000.000) of Rp 510.000.000 each, checked at the same instant', () => {
  const DISTRICT_CODE = '73.03';
  let routes: string[];
  let stored: StoredProposal[];

  beforeAll(async () => {
    const epoch = Date.now() - 20_000;
    const proposals: StoredProposal[] = Array.from({ length: 10 }, (_, i) => {
      const body = validProposal({
        districtCode: DISTRICT_CODE,
        commodity: 'rumput laut',
        title: `Pengolahan rumput laut Bantaeng ${i} ${Date.now().toString(36)}`,
      });
      const at = new Date(epoch + i).toISOString();
      return {
        ...(body as StoredProposal),
        id: newProposalId(epoch + i),
        revision: 1,
        status: 'SUBMITTED',
        totalAmount: 510_000_000,
        policyCheck: null,
        approvals: [],
        allocations: [],
        submittedBy: 'operator@bantaeng.local',
        createdAt: at,
        updatedAt: at,
        version: 1,
        runAttempt: 0,
      };
    });
    for (const p of proposals) {
      await proposalWrites.create(p, { at: p.createdAt, actor: 'uji', type: 'SUBMITTED', note: '' });
    }
    // The CheckPolicy step's handler, ten times at once, as ten Lambda invocations would run it.
    const results = await Promise.all(
      proposals.map((p) =>
        checkPolicyStep({ proposalId: p.id, revision: 1, attempt: 0, executionId: `uji-${p.id}` }),
      ),
    );
    routes = results.map((r) => r.route);
    stored = await statusesOf(proposals);
  }, 120_000);

  it('when their checks race, then exactly the 4 that fit pass, the others are RETURNED, and the counter holds 4', async () => {
    expect(routes.filter((r) => r !== 'RETURNED')).toHaveLength(4);
    expect(countOf(stored, 'RETURNED')).toBe(6);
    expect(
      stored.filter((p) => p.status !== 'RETURNED').every((p) => p.policyCheck?.outcome !== 'FAIL'),
    ).toBe(true);
    const { counter } = await commitmentRepository.read({
      id: '-',
      revision: 1,
      districtCode: DISTRICT_CODE,
      fiscalYear: 2016,
    });
    expect(counter).toEqual({ amount: 4 * 510_000_000, proposals: 4 });
  });
});

describe('Given 10 concurrent submissions of Kabupaten Bulukumba (pagu Rp 2.500.000.000) of Rp 510.000.000 each', () => {
  const DISTRICT_CODE = '73.02';
  let submitter: string;
  let outcomes: any[];

  const submission = (n: number) =>
    validProposal({
      districtCode: DISTRICT_CODE,
      commodity: 'rumput laut',
      title: `Pengolahan rumput laut kelompok ${n} ${Date.now().toString(36)}`,
    });

  async function submit(body: Record<string, any>): Promise<any> {
    let created = await t.api('POST', '/proposals', { token: submitter, body });
    // The local stack refuses new workflows while it is behind (503 + Retry-After); a client sends again.
    while (created.status === 503 && created.headers.has('retry-after')) {
      await new Promise((resolve) => setTimeout(resolve, Number(created.headers.get('retry-after')) * 1000));
      created = await t.api('POST', '/proposals', { token: submitter, body });
    }
    expect(created.status).toBe(201);
    return t.waitForStatus(created.body.id, submitter, ['AWAITING_APPROVAL', 'RETURNED', 'FAILED'], 60_000);
  }

  beforeAll(async () => {
    submitter = await t.token('submitter', { districtCode: DISTRICT_CODE });
    outcomes = await Promise.all(Array.from({ length: 10 }, (_, i) => submit(submission(i))));
  }, 120_000);

  it('when their checks run together, then exactly the 4 that fit pass and 6 are returned with the ceiling finding', async () => {
    const passed = outcomes.filter((p) => p.status === 'AWAITING_APPROVAL');
    const returned = outcomes.filter((p) => p.status === 'RETURNED');
    expect(passed).toHaveLength(4);
    expect(returned).toHaveLength(6);
    for (const p of returned) {
      const blocking = p.policyCheck.findings.filter((f: any) => f.severity === 'BLOCKING');
      expect(blocking.map((f: any) => f.ruleId)).toEqual(['pagu-indikatif-kabupaten-kota']);
      expect(blocking[0].message).toContain('ditambah 4 usulan lain Rp 2.040.000.000');
    }
    const { counter } = await commitmentRepository.read({
      id: '-',
      revision: 1,
      districtCode: DISTRICT_CODE,
      fiscalYear: 2016,
    });
    expect(counter).toEqual({ amount: 4 * 510_000_000, proposals: 4 });
  });

  it('when one that passed is withdrawn, then its amount is given back and a new submission fits', async () => {
    const passed = outcomes.find((p) => p.status === 'AWAITING_APPROVAL');
    const withdrawn = await t.api('POST', `/proposals/${passed.id}/withdraw`, { token: submitter });
    expect(withdrawn.status).toBe(200);
    const { counter } = await commitmentRepository.read({
      id: '-',
      revision: 1,
      districtCode: DISTRICT_CODE,
      fiscalYear: 2016,
    });
    expect(counter).toEqual({ amount: 3 * 510_000_000, proposals: 3 });

    expect((await submit(submission(10))).status).toBe('AWAITING_APPROVAL');
    expect((await submit(submission(11))).status).toBe('RETURNED');
  });

  it('when an approver rejects one and returns another, then both amounts are given back', async () => {
    const counterNow = async () =>
      (
        await commitmentRepository.read({
          id: '-',
          revision: 1,
          districtCode: DISTRICT_CODE,
          fiscalYear: 2016,
        })
      ).counter;
    const before = await counterNow();
    const waiting = outcomes.filter((p) => p.status === 'AWAITING_APPROVAL').slice(1, 3);
    expect(waiting).toHaveLength(2);
    const decisions = [
      'decision=reject&note=Tidak+sesuai+prioritas',
      'decision=return&note=Perbaiki+sasaran',
    ];
    for (const [i, p] of waiting.entries()) {
      const link = await t.approvalLink(p.title);
      const res = await fetch(link, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: decisions[i],
      });
      expect(res.status).toBe(200);
      await t.waitForStatus(p.id, submitter, [i === 0 ? 'REJECTED' : 'RETURNED'], 30_000);
    }
    expect(await counterNow()).toEqual({
      amount: before.amount - 2 * 510_000_000,
      proposals: before.proposals - 2,
    });
  });
});
