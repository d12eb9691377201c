import { cpus } from 'node:os';
import {
  describeWrites,
  HAPPY_PATH_WRITES,
  plannedCalls,
  plannedItems,
} from '../dynamodb/happy-path-writes.js';
import { type ReplayIds, replayCalls } from '../dynamodb/raw-writer.js';
import { costPer1000Proposals, LAMBDA_MEMORY_MB, PRICES } from '../pricing.js';
import { atLeast, atMost, type Section } from '../report/figures.js';
import type { BenchStack } from '../stack/bench-stack.js';
import { type CapturedCall, WRITE_OPERATIONS } from '../stack/dynamodb-meter.js';
import type { NodeMemoryPeak, StackSnapshot } from '../stack/protocol.js';
import type { MemoryPeak } from '../stack/rss-sampler.js';
import { round, summarize } from '../stats.js';
import { ApprovalFlow, type FlowResult, finalStatuses } from './approval-flow.js';
import { benchProposal, GENEROUS_RUPIAH, type Submitter, TWO_STAGE_FUNDING } from './proposals.js';

export interface EndToEndOptions {
  /** Proposals submitted at once (500 full, 100 quick). */
  proposals: number;
  /** Proposals walked one at a time for the per-proposal counts. */
  sequentialProposals: number;
  timeoutMs: number;
}

export interface EndToEndResult {
  endToEnd: Section;
  perProposal: Section;
  memory: MemoryPeak;
  nodeMemory: NodeMemoryPeak;
}

/** The workflow within 10 % of what DynamoDB Local does for the same writes alone, nothing else running. */
const RATIO_TARGET = 0.9;

function delta(after: StackSnapshot, before: StackSnapshot) {
  const sum = (s: StackSnapshot, pick: (op: string) => boolean, field: 'calls' | 'items' | 'capacityUnits') =>
    Object.entries(s.dynamodb)
      .filter(([op]) => pick(op))
      .reduce((n, [, c]) => n + c[field], 0);
  const isWrite = (op: string) => WRITE_OPERATIONS.has(op);
  const isRead = (op: string) => !WRITE_OPERATIONS.has(op);
  const lambdaNames = new Set([...Object.keys(after.lambda), ...Object.keys(before.lambda)]);
  const lambda = [...lambdaNames].map((fn) => ({
    fn,
    invocations: (after.lambda[fn]?.invocations ?? 0) - (before.lambda[fn]?.invocations ?? 0),
    billedMs: (after.lambda[fn]?.billedMs ?? 0) - (before.lambda[fn]?.billedMs ?? 0),
  }));
  return {
    transitions: after.engine.stateTransitions - before.engine.stateTransitions,
    emails: after.emails - before.emails,
    writeCalls: sum(after, isWrite, 'calls') - sum(before, isWrite, 'calls'),
    writeItems: sum(after, isWrite, 'items') - sum(before, isWrite, 'items'),
    writeUnits: sum(after, isWrite, 'capacityUnits') - sum(before, isWrite, 'capacityUnits'),
    readCalls: sum(after, isRead, 'calls') - sum(before, isRead, 'calls'),
    readUnits: sum(after, isRead, 'capacityUnits') - sum(before, isRead, 'capacityUnits'),
    lambda,
  };
}

/** Waits (at most 30 s) until no email has arrived for a second; returns the snapshot then. */
async function mailSettled(stack: BenchStack): Promise<StackSnapshot> {
  let last = await stack.request({ cmd: 'snapshot' });
  for (const until = Date.now() + 30_000; Date.now() < until; ) {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const now = await stack.request({ cmd: 'snapshot' });
    if (now.emails === last.emails) return now;
    last = now;
  }
  return last;
}

/** Figures 3 and 4 on one fresh stack: first proposals one at a time (counted), then N at once (timed). */
export async function endToEndBench(
  stack: BenchStack,
  submitters: Submitter[],
  opts: EndToEndOptions,
): Promise<EndToEndResult> {
  const limits = await stack.request({ cmd: 'raise-limits', fiscalYear: 2016, amount: GENEROUS_RUPIAH });
  const flow = new ApprovalFlow(stack);
  await flow.watch();

  // --- Figure 4: one proposal at a time, nothing else running. The second one's calls are captured for the
  // raw replay: by then the handlers' caches (districts) are warm, as they are for almost every proposal.
  const captureAt = Math.min(1, opts.sequentialProposals - 1);
  await stack.request({ cmd: 'reset' });
  const before = await stack.request({ cmd: 'snapshot' });
  const sequential = [];
  let captured: CapturedCall[] = [];
  let replayIds: ReplayIds | undefined;
  for (let i = 0; i < opts.sequentialProposals; i++) {
    if (i === captureAt) await stack.request({ cmd: 'capture-start' });
    const r = await flow.run(benchProposal(submitters, i, 'seq'), opts.timeoutMs, 1, true);
    if (i === captureAt) {
      // The step line comes as the handler returns; its write is done by then.
      captured = await stack.request({ cmd: 'capture-stop' });
      const actionId = r.actionLink?.split('/actions/')[1];
      if (r.proposalId && actionId) {
        const districts = submitters.map((p) => p.districtCode);
        replayIds = {
          proposalId: r.proposalId,
          actionIds: [actionId],
          districtCode: submitters[i % submitters.length]?.districtCode ?? '',
          districts,
        };
      }
    }
    if (r.error) throw new Error(`sequential proposal ${i} failed: ${r.error}`);
    sequential.push(r);
  }
  const after = await stack.request({ cmd: 'snapshot' });
  const arns = sequential.map(
    (r) => `${stack.ready.stateMachineArn.replace(':stateMachine:', ':execution:')}:${r.proposalId}-r1`,
  );
  const transitionsEach = await stack.request({ cmd: 'transitions', executionArns: arns });
  const k = sequential.length;
  const d = delta(after, before);
  const lambdaInvocations = d.lambda.reduce((n, l) => n + l.invocations, 0) / k;
  const transitions = transitionsEach.reduce<number>((n, t) => n + (t ?? 0), 0) / k;
  const usage = {
    stateTransitions: transitions,
    lambdaInvocations,
    lambdaBilledMs: d.lambda.reduce((n, l) => n + l.billedMs, 0) / k,
    writeRequestUnits: d.writeUnits / k,
    readRequestUnits: d.readUnits / k,
    emails: d.emails / k,
  };
  const cost = costPer1000Proposals(usage);
  const capturedWrites = captured.filter((c) => WRITE_OPERATIONS.has(c.operation));
  const observed = capturedWrites.map((w) => ({
    operation: w.operation,
    items: Array.isArray(w.input.TransactItems) ? w.input.TransactItems.length : 1,
  }));
  const capturedReads = captured.filter((c) => !WRITE_OPERATIONS.has(c.operation)).map(describeRead);
  const planMatches = describeWrites(observed) === describeWrites(HAPPY_PATH_WRITES);

  const perProposal: Section = {
    title: 'Per proposal, happy path',
    figures: [
      {
        key: 'perProposal.stateTransitions',
        label: 'state transitions',
        value: round(transitions, 2),
        unit: 'count',
        target: atMost(10),
      },
      {
        key: 'perProposal.lambdaInvocations',
        label: 'Lambda invocations',
        value: round(lambdaInvocations, 2),
        unit: 'count',
      },
      {
        key: 'perProposal.dynamodbWriteCalls',
        label: 'DynamoDB write calls',
        value: round(d.writeCalls / k, 2),
        unit: 'count',
      },
      {
        key: 'perProposal.dynamodbItemsWritten',
        label: 'DynamoDB items written',
        value: round(d.writeItems / k, 2),
        unit: 'count',
      },
      {
        key: 'perProposal.dynamodbReadCalls',
        label: 'DynamoDB read calls (average; the first with cold caches)',
        value: round(d.readCalls / k, 2),
        unit: 'count',
      },
      {
        key: 'perProposal.dynamodbReadCallsWarm',
        label: 'DynamoDB read calls, a proposal with warm caches',
        value: capturedReads.length,
        unit: 'count',
        target: atMost(6),
      },
      {
        key: 'perProposal.dynamodbItemsReadWarm',
        label: 'DynamoDB items asked for by key, the same proposal (queries not counted)',
        value: captured
          .filter((c) => !WRITE_OPERATIONS.has(c.operation))
          .reduce((n, c) => n + keysAsked(c), 0),
        unit: 'count',
      },
      {
        key: 'perProposal.writeCapacityUnits',
        label: 'write capacity units',
        value: round(d.writeUnits / k, 2),
        unit: 'WCU',
      },
      {
        key: 'perProposal.readCapacityUnits',
        label: 'read capacity units',
        value: round(d.readUnits / k, 2),
        unit: 'RCU',
      },
      { key: 'perProposal.emails', label: 'emails', value: round(d.emails / k, 2), unit: 'count' },
      {
        key: 'cost.per1000Proposals.stepFunctions',
        label: 'cost / 1,000: Step Functions',
        value: cost.stepFunctions,
        unit: 'USD',
      },
      {
        key: 'cost.per1000Proposals.lambda',
        label: 'cost / 1,000: Lambda (requests + GB-s)',
        value: cost.lambdaRequests + cost.lambdaDuration,
        unit: 'USD',
      },
      {
        key: 'cost.per1000Proposals.dynamodb',
        label: 'cost / 1,000: DynamoDB on-demand',
        value: cost.dynamoDbWrites + cost.dynamoDbReads,
        unit: 'USD',
      },
      { key: 'cost.per1000Proposals.ses', label: 'cost / 1,000: SES', value: cost.ses, unit: 'USD' },
      {
        key: 'cost.per1000Proposals.total',
        label: 'cost / 1,000 proposals (ap-southeast-3)',
        value: cost.total,
        unit: 'USD',
      },
      {
        key: 'cost.per1000Proposals.withoutMail',
        label: 'cost / 1,000 proposals without mail',
        value: cost.total - cost.ses,
        unit: 'USD',
        target: atMost(0.3),
      },
    ],
    notes: [
      `${k} proposals walked one at a time (submit, email, open the link, approve, budget assigned); counts are averages.`,
      'Transitions: states entered, from the engine (transitionsOf). Lambda: HTTP handler calls (from the gateway) and ' +
        'Task handler calls (their `step finished` log lines); the approver opening the page counts as one GET.',
      "Capacity units: ReturnConsumedCapacity=TOTAL on the handlers' own DynamoDB client (indexes and the transactional " +
        'double charge included), as DynamoDB Local reports them; the cost prices them as on-demand request units.',
      `Lambda GB-seconds: each invocation's local duration, rounded up to 1 ms, × ${LAMBDA_MEMORY_MB} MB arm64; ` +
        'on AWS each DynamoDB call adds network latency, so expect longer durations (still a small share of the cost).',
      'Prices: list prices read 2026-11-28 (bench/pricing.ts, each with its page); they change, and exclude free tiers, ' +
        'API Gateway, Cognito, CloudWatch Logs and data transfer.',
      `Reads of one proposal (operation, what, calling code): ${capturedReads
        .map((r) => `${r.operation} ${r.what} ← ${r.origin.join(' ← ')}`)
        .join('; ')}.`,
      planMatches
        ? `Observed writes match the plan counted from the code: ${plannedCalls} calls, ${plannedItems} items (${describeWrites(HAPPY_PATH_WRITES)}).`
        : `Observed writes (${describeWrites(observed)}) differ from the plan counted from the code ` +
          `(${describeWrites(HAPPY_PATH_WRITES)}); the raw limit replays the observed ones.`,
    ],
    details: {
      lambdaByFunction: Object.fromEntries(
        d.lambda.map((l) => [
          l.fn,
          { perProposal: l.invocations / k, avgBilledMs: l.invocations ? l.billedMs / l.invocations : 0 },
        ]),
      ),
      dynamodbByOperation: after.dynamodb,
      costBreakdownUsdPer1000: cost,
      prices: PRICES,
      observedWrites: observed,
      readsOfOneProposal: capturedReads,
      plannedWrites: HAPPY_PATH_WRITES,
      transitionsEach,
    },
  };

  // --- Figure 4b: the same walk for proposals from Rp 1 miliar, which pass both stages of the stock chain.
  const beforeTwo = await stack.request({ cmd: 'snapshot' });
  const twoStage = [];
  for (let i = 0; i < opts.sequentialProposals; i++) {
    const r = await flow.run(benchProposal(submitters, i, 'two', TWO_STAGE_FUNDING), opts.timeoutMs, 2, true);
    if (r.error) throw new Error(`two-stage proposal ${i} failed: ${r.error}`);
    twoStage.push(r);
  }
  const afterTwo = await stack.request({ cmd: 'snapshot' });
  const twoEach = await stack.request({
    cmd: 'transitions',
    executionArns: twoStage.map(
      (r) => `${stack.ready.stateMachineArn.replace(':stateMachine:', ':execution:')}:${r.proposalId}-r1`,
    ),
  });
  const d2 = delta(afterTwo, beforeTwo);
  const usage2 = {
    stateTransitions: twoEach.reduce<number>((n, t) => n + (t ?? 0), 0) / twoStage.length,
    lambdaInvocations: d2.lambda.reduce((n, l) => n + l.invocations, 0) / twoStage.length,
    lambdaBilledMs: d2.lambda.reduce((n, l) => n + l.billedMs, 0) / twoStage.length,
    writeRequestUnits: d2.writeUnits / twoStage.length,
    readRequestUnits: d2.readUnits / twoStage.length,
    emails: d2.emails / twoStage.length,
  };
  const cost2 = costPer1000Proposals(usage2);
  perProposal.figures.push(
    {
      key: 'perProposal.twoStages.stateTransitions',
      label: 'two stages: state transitions',
      value: round(usage2.stateTransitions, 2),
      unit: 'count',
      target: atMost(14),
    },
    {
      key: 'perProposal.twoStages.lambdaInvocations',
      label: 'two stages: Lambda invocations',
      value: round(usage2.lambdaInvocations, 2),
      unit: 'count',
    },
    {
      key: 'perProposal.twoStages.dynamodbReadCalls',
      label: 'two stages: DynamoDB read calls',
      value: round(d2.readCalls / twoStage.length, 2),
      unit: 'count',
    },
    {
      key: 'perProposal.twoStages.emails',
      label: 'two stages: emails',
      value: round(usage2.emails, 2),
      unit: 'count',
    },
    {
      key: 'cost.per1000TwoStageProposals.withoutMail',
      label: 'two stages: cost / 1,000 without mail',
      value: cost2.total - cost2.ses,
      unit: 'USD',
    },
  );
  perProposal.notes?.push(
    `Two stages: ${twoStage.length} proposals of Rp 1,1 miliar walked one at a time, each approved by Kepala Bidang IKM then Kepala Dinas.`,
  );

  // --- Figure 3: N proposals at once.
  stack.sampler.start();
  const all = Array.from({ length: opts.proposals }, (_, i) => benchProposal(submitters, i, 'e2e'));
  const results = await Promise.all(all.map((p) => flow.run(p, opts.timeoutMs)));
  const memory = await stack.sampler.stop();
  const { memoryPeak: nodeMemory } = await stack.request({ cmd: 'snapshot' });
  await flow.unwatch();
  const statuses = await finalStatuses(
    stack.url,
    results.map((r, i) => ({ ...r, token: all[i]?.submitter.token ?? '' })),
  );
  const done = results.filter((r) => r.finishedAt !== undefined && !r.error);
  const firstSubmit = Math.min(...results.map((r) => r.submittedAt));
  const lastDone = Math.max(...done.map((r) => r.finishedAt as number));
  const wallSeconds = (lastDone - firstSubmit) / 1000;
  const assigned = statuses.BUDGET_ASSIGNED ?? 0;
  const throughput = done.length > 0 ? assigned / wallSeconds : 0;
  const latency = summarize(done.map((r) => ((r.finishedAt as number) - r.submittedAt) / 1000));
  const errors = results.filter((r) => r.error).map((r) => r.error as string);
  // Where each proposal's time went: accepted, then the three steps until the email, the approver's two
  // requests, then RecordDecision and AssignBudget.
  const stage = (from: (r: FlowResult) => number | undefined, to: (r: FlowResult) => number | undefined) =>
    summarize(
      done.flatMap((r) => {
        const a = from(r);
        const b = to(r);
        return a !== undefined && b !== undefined ? [(b - a) / 1000] : [];
      }),
    );
  const stages = {
    'POST /proposals': stage(
      (r) => r.submittedAt,
      (r) => r.createdAt,
    ),
    'accepted → approval email': stage(
      (r) => r.createdAt,
      (r) => r.mailedAt,
    ),
    'email → approved (GET + POST action)': stage(
      (r) => r.mailedAt,
      (r) => r.approvedAt,
    ),
    'approved → budget assigned': stage(
      (r) => r.approvedAt,
      (r) => r.finishedAt,
    ),
  };

  if (!replayIds || capturedWrites.length === 0)
    throw new Error('no write sequence was captured for the raw replay');
  // Nothing else runs during the replays: with the stream's consumers attached, each replayed run marker
  // would start a workflow and each outbox item send mail (found 2026-12-02: 34 mails and 122 state
  // transitions during a 100-proposal replay, and sequences failing on the workflows' writes).
  // The last outcome mails go out after their AssignBudget step returned: they are let out first.
  const beforeRaw = await mailSettled(stack);
  await stack.request({ cmd: 'stream-detach' });
  let raw: Awaited<ReturnType<typeof replayCalls>>;
  let rawWithReads: Awaited<ReturnType<typeof replayCalls>>;
  let rawCpu: MemoryPeak;
  try {
    stack.sampler.start();
    raw = await replayCalls(stack.ready.dynamoDbEndpoint, capturedWrites, replayIds, opts.proposals);
    rawCpu = await stack.sampler.stop();
    // Diagnostic: the same proposal's reads too, in order; if the workflow gets close to this, the database is the limit.
    rawWithReads = await replayCalls(stack.ready.dynamoDbEndpoint, captured, replayIds, opts.proposals);
  } finally {
    await stack.request({ cmd: 'stream-attach' });
  }
  const afterRaw = await stack.request({ cmd: 'snapshot' });
  const duringRaw = {
    transitions: afterRaw.engine.stateTransitions - beforeRaw.engine.stateTransitions,
    emails: afterRaw.emails - beforeRaw.emails,
  };
  const ratio = raw.sequencesPerSecond > 0 ? throughput / raw.sequencesPerSecond : null;

  const endToEnd: Section = {
    title: 'End to end: submit → email → approve → BUDGET_ASSIGNED',
    figures: [
      { key: 'e2e.proposals', label: 'proposals submitted at once', value: opts.proposals, unit: 'count' },
      { key: 'e2e.budgetAssigned', label: 'reached BUDGET_ASSIGNED', value: assigned, unit: 'count' },
      {
        key: 'e2e.proposalsPerSecond',
        label: 'throughput, submit to BUDGET_ASSIGNED',
        value: round(throughput, 2),
        unit: 'proposals/s',
      },
      { key: 'e2e.latencyP50Seconds', label: 'per proposal, p50', value: round(latency.p50, 2), unit: 's' },
      { key: 'e2e.latencyP99Seconds', label: 'per proposal, p99', value: round(latency.p99, 2), unit: 's' },
      {
        key: 'e2e.rawWriteLimitProposalsPerSecond',
        label: `limit: the same writes raw (${raw.callsPerSequence} calls, ${raw.itemsPerSequence} items each)`,
        value: round(raw.sequencesPerSecond, 2),
        unit: 'proposals/s',
      },
      {
        key: 'e2e.rawReadsAndWritesProposalsPerSecond',
        label: `the path's reads and writes raw (${rawWithReads.callsPerSequence} calls each)`,
        value: round(rawWithReads.sequencesPerSecond, 2),
        unit: 'proposals/s',
      },
      {
        key: 'e2e.ratioToWriteLimit',
        label: 'workflow ÷ raw write limit',
        value: ratio === null ? null : round(ratio, 3),
        unit: 'ratio',
        target: atLeast(RATIO_TARGET),
      },
    ],
    notes: [
      `${opts.proposals} proposals over 24 districts submitted at once; each approved through its real link (GET page, ` +
        'POST approve) as soon as its email arrived; done when the AssignBudget step returned. Throughput = proposals that ' +
        'reached BUDGET_ASSIGNED ÷ (last done − first submit).',
      `Bench-only limits: pools and pagu indikatif raised to Rp ${GENEROUS_RUPIAH.toExponential()} in this stack's data ` +
        `(${limits.pools} pools updated, rule set 2016 v${limits.ruleSetVersion}), so no proposal is waitlisted or returned.`,
      'Raw limit: the write requests captured from one real proposal, ids replaced and districts rotated, replayed for ' +
        'as many proposals at once ' +
        `against the same DynamoDB Local (each proposal's writes in order; ${raw.conflictRetries} transaction conflicts on the ` +
        `shared pool items retried${raw.failures ? `, ${raw.failures} sequences failed` : ''}), the stream's consumers ` +
        `detached: ${duringRaw.transitions} state transitions and ${duringRaw.emails} emails meanwhile.`,
      `The second replay adds the path's reads (GetItem, Query) in their places: ${round(rawWithReads.sequencesPerSecond, 2)} ` +
        `proposals/s, so the workflow reached ${round(throughput / rawWithReads.sequencesPerSecond, 2)} of what ` +
        'DynamoDB Local does for its full set of calls when nothing else runs.',
      `Per proposal, p50 of each stage: ${Object.entries(stages)
        .map(([name, st]) => `${name} ${round(st.p50, 2)} s`)
        .join(', ')}.`,
      `CPU during the load: DynamoDB Local (JVM) ${round(memory.javaCores, 2)} cores, the stack's Node process ` +
        `${round(memory.nodeCores, 2)} cores, of ${cpus().length}; during the raw write replay: JVM ` +
        `${round(rawCpu.javaCores, 2)} cores (the replaying process not counted).`,
      ...(errors.length ? [`${errors.length} proposals did not finish; first: ${errors[0]}`] : []),
    ],
    details: {
      finalStatuses: statuses,
      latencySeconds: latency,
      wallSeconds,
      raw,
      rawWithReads,
      stagesSeconds: stages,
      cpuCores: { java: memory.javaCores, node: memory.nodeCores },
      errors: errors.slice(0, 20),
    },
  };
  return { endToEnd, perProposal, memory, nodeMemory };
}

/** A captured read as a reader of the report wants it: the operation, the item or index, and who asked. */
function describeRead(call: CapturedCall): { operation: string; what: string; origin: string[] } {
  const input = call.input as {
    Key?: Record<string, { S?: string }>;
    IndexName?: string;
    KeyConditionExpression?: string;
    ExpressionAttributeValues?: Record<string, { S?: string }>;
    TransactItems?: Array<{ Get?: { Key?: Record<string, { S?: string }> } }>;
  };
  // Ids (ULIDs, action ids, years) shortened: the list is about which item, not whose.
  const shape = (value: string | undefined) => (value ?? '?').replace(/[\w-]{20,}|\d{4,}/g, '…');
  const keyOf = (key: Record<string, { S?: string }> | undefined) =>
    `${shape(key?.PK?.S)} / ${shape(key?.SK?.S)}`;
  let what: string;
  if (input.Key) what = keyOf(input.Key);
  else if (input.TransactItems) what = input.TransactItems.map((t) => keyOf(t.Get?.Key)).join(' + ');
  else {
    const values = Object.values(input.ExpressionAttributeValues ?? {})
      .map((v) => shape(v.S))
      .join(', ');
    what = `${input.IndexName ?? 'table'} (${values})`;
  }
  return { operation: call.operation, what, origin: call.origin };
}

/** Items a keyed read asks for: one for GetItem, each key of a BatchGetItem, none for a query. */
function keysAsked(call: CapturedCall): number {
  if (call.operation === 'GetItem') return 1;
  if (call.operation !== 'BatchGetItem') return 0;
  const requests = (call.input.RequestItems ?? {}) as Record<string, { Keys?: unknown[] }>;
  return Object.values(requests).reduce((n, r) => n + (r.Keys?.length ?? 0), 0);
}
