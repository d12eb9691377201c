import * as z from 'zod/mini';
import { districtCodeSchema, fiscalYearSchema, rupiahCeilingSchema } from './fields.js';
import { type Allocation, FUNDING_SOURCES, type FundingSource, type Proposal } from './proposal.js';

/** A funding pool of one source in one fiscal year (per district for APBD Kabupaten/Kota). */
export interface BudgetPool {
  fiscalYear: number;
  source: FundingSource;
  /** Only for APBD_KABUPATEN_KOTA: the district whose budget it is. */
  districtCode?: string | undefined;
  ceiling: number;
  allocated: number;
  remaining: number;
  /** WAITLISTED proposals waiting on this pool; while any wait, new approvals queue behind them. */
  waiting: number;
}

/** Budget sharing: each funding line of the proposal draws its stated amount from its own pool. */
export function allocationsFor(proposal: Pick<Proposal, 'funding'>): Allocation[] {
  return proposal.funding.map((line) => ({ source: line.source, amount: line.amount }));
}

/**
 * A year's pool ceilings as kept in data/budget-pools/<year>.json. Built by a call marked pure:
 * only the seed reads those files, and the functions that assign budgets leave the schema out.
 */
export const budgetPoolFileSchema = /* @__PURE__ */ budgetPoolFileSchemaOf();

function budgetPoolFileSchemaOf() {
  return z.strictObject({
    fiscalYear: fiscalYearSchema,
    comment: z.optional(z.string()),
    pools: z
      .array(
        z.strictObject({
          source: z.enum(FUNDING_SOURCES),
          districtCode: z.optional(districtCodeSchema),
          ceiling: rupiahCeilingSchema,
        }),
      )
      .check(z.minLength(1)),
  });
}
