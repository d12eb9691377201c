import type { Figure, Section } from '../report/figures.js';
import { round } from '../stats.js';
import { IDLE_ASSUMPTIONS, type IdleCostItem, idleMonthlyCost, inventoryOf, totalOf } from './idle-cost.js';
import { synthesizedResources } from './synthesize-template.js';

const STAGES = ['dev', 'prod'] as const;

/**
 * The idle monthly cost of each deployed stage, counted from its synthesized template (offline, no
 * AWS call). `per1000Proposals` is the e2e bench's figure of the same run, shown beside it.
 */
export function idleCostBench(per1000Proposals?: number): Section {
  const figures: Figure[] = [];
  const notes: string[] = [];
  const details: Record<string, unknown> = { assumptions: IDLE_ASSUMPTIONS };
  for (const stage of STAGES) {
    const inventory = inventoryOf(synthesizedResources(stage));
    const items = idleMonthlyCost(inventory);
    const total = totalOf(items);
    figures.push({
      key: `idle.${stage}.monthlyUsd`,
      label: `${stage}: idle cost per month (list prices, no free tier)`,
      value: round(total, 2),
      unit: 'USD',
    });
    for (const item of items.filter((i) => i.usd > 0)) {
      figures.push({
        key: `idle.${stage}.${item.key}`,
        label: `${stage}: ${item.label}`,
        value: round(item.usd, 4),
        unit: 'USD',
      });
    }
    notes.push(`${stage}: ${describe(items)}`);
    details[stage] = { inventory, items };
  }
  if (per1000Proposals !== undefined) {
    figures.push({
      key: 'idle.besidePer1000Proposals',
      label: 'beside it: cost per 1,000 proposals (e2e, this run)',
      value: round(per1000Proposals, 3),
      unit: 'USD',
    });
  }
  const prod = details.prod as { items: IdleCostItem[] };
  notes.push(
    `Assumed: table ${IDLE_ASSUMPTIONS.tableSizeGb} GB; ${Object.entries(IDLE_ASSUMPTIONS.idleRuns)
      .map(
        ([id, run]) =>
          `an idle run of ${id} bills ${run.billedMs} ms, makes ${run.queriesPerRun} small queries and logs ${run.logBytesPerRun} B`,
      )
      .join('; ')}; ` +
      `${IDLE_ASSUMPTIONS.monthlyActiveUsers} users signing in; ${IDLE_ASSUMPTIONS.daysPerMonth}-day month.`,
    `Safety features (prod): ${prod.items
      .filter((i) => i.safetyFeature)
      .map((i) => `${i.safetyFeature}: $${i.usd.toFixed(3)}`)
      .join('; ')}.`,
    `Could be cheaper: ${prod.items
      .filter((i) => i.cheaper)
      .map((i) => `${i.label}: ${i.cheaper}`)
      .join('; ')}.`,
    'Free of charge while idle, and counted as such: the HTTP API, the state machine (billed per transition), ' +
      'SNS (per message), SES (per mail), EventBridge scheduled rules, the custom resource (runs on deploy).',
  );
  return {
    title: 'Idle monthly cost of a deployed stage (from the synthesized template)',
    figures,
    notes,
    details,
  };
}

function describe(items: IdleCostItem[]): string {
  return items
    .filter((i) => i.usd > 0)
    .map((i) => `${i.label} $${i.usd.toFixed(3)}`)
    .join('; ');
}
