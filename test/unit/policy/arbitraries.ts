import fc from 'fast-check';
import type { OtherProposal, PolicyContext } from '../../../functions/domain/policy/check-policy.js';
import {
  COMMODITY_REFERENCE_LISTS,
  type Rule,
  type RuleSet,
} from '../../../functions/domain/policy/rule-set.js';
import {
  isAtLeastPercent,
  minimumForPercent,
  minimumForPercentOfTotal,
} from '../../../functions/domain/policy/shares.js';
import { normalisePhrase } from '../../../functions/domain/policy/text.js';
import {
  FUNDING_SOURCES,
  type FundingLine,
  type FundingSource,
  PROGRAM_KINDS,
  PROPOSAL_STATUSES,
  type ProgramKind,
} from '../../../functions/domain/proposal.js';
import { DISTRICT_LIST, DISTRICTS, PROVINCE, ruleSet2016 } from './fixtures.js';

/**
 * Generators for the property tests: rule sets shaped like 2016 (one rule of each kind) with
 * their parameters varied, proposals built to satisfy a given rule set, and for each rule a
 * minimal change that breaks that rule and no other.
 */

type RuleOfKind<K extends Rule['kind']> = Extract<Rule, { kind: K }>;
const ruleOfKind = <K extends Rule['kind']>(ruleSet: RuleSet, kind: K): RuleOfKind<K> => {
  const rule = ruleSet.rules.find((candidate): candidate is RuleOfKind<K> => candidate.kind === kind);
  if (!rule) throw new Error(`rule set has no ${kind} rule`);
  return rule;
};

/** Statuses a generated rule may ignore: never one of the "live" statuses the breakers use. */
const IGNORABLE_STATUSES = ['WITHDRAWN', 'REJECTED', 'FAILED'] as const;
const LIVE_STATUS = 'AWAITING_APPROVAL';
/** Commodities in no reference list nor alias: for breaking the commodity rule and for fillers. */
const FOREIGN_COMMODITY = 'batu akik';
const FILLER_COMMODITY = 'batu bata';
const SAFE_CODE_UNKNOWN = '73.99';

const nonEmpty = <T>(values: readonly T[]) => fc.subarray([...values], { minLength: 1 });

/** The 2016 rule set with every parameter varied within ranges where the rules can be met together. */
export const arbRuleSet: fc.Arbitrary<RuleSet> = fc
  .record({
    allowedKinds: nonEmpty(PROGRAM_KINDS),
    referenceLists: nonEmpty(COMMODITY_REFERENCE_LISTS),
    matching: fc.constantFrom('EXACT' as const, 'WORD_CONTAINMENT' as const),
    minAmountPerSource: fc.integer({ min: 1, max: 20_000_000 }),
    defaultSources: nonEmpty(FUNDING_SOURCES),
    byProgramKind: fc.dictionary(fc.constantFrom(...PROGRAM_KINDS), nonEmpty(FUNDING_SOURCES), {
      maxKeys: 8,
    }),
    sharingPair: fc.constantFrom(
      ...FUNDING_SOURCES.flatMap((a) => FUNDING_SOURCES.filter((b) => b !== a).map((b) => [a, b] as const)),
    ),
    sharingBasis: fc.constantFrom('TRIGGER_SOURCE' as const, 'TOTAL' as const),
    sharingBasisPoints: fc.integer({ min: 1, max: 5000 }),
    sharingKinds: fc.option(nonEmpty(PROGRAM_KINDS), { nil: undefined }),
    defaultCeiling: fc.integer({ min: 1_000_000_000, max: 5_000_000_000 }),
    ceilings: fc.dictionary(
      fc.constantFrom(...DISTRICT_LIST.map((district) => district.code)),
      fc.integer({ min: 1_000_000_000, max: 5_000_000_000 }),
      { maxKeys: 6 },
    ),
    minPerFirm: fc.integer({ min: 1_000_000, max: 10_000_000 }),
    perFirmFactor: fc.integer({ min: 2, max: 100 }),
    minIkmCentres: fc.integer({ min: 1, max: 5 }),
    maxCostPerJob: fc.integer({ min: 1_000_000, max: 100_000_000 }),
    maxCostPerNewEntrepreneur: fc.integer({ min: 1_000_000, max: 100_000_000 }),
    jobsRequiredFor: fc.subarray([...PROGRAM_KINDS]),
    newEntrepreneursRequiredFor: fc.subarray([...PROGRAM_KINDS]),
    minTitleSimilarity: fc.double({ min: 0, max: 1, noNaN: true }),
    duplicateIgnored: fc.subarray([...IGNORABLE_STATUSES]),
  })
  .map((p) => {
    const base = ruleSet2016();
    const params: { [K in Rule['kind']]: RuleOfKind<K>['params'] } = {
      DISTRICT_EXISTS: {},
      PROGRAM_KIND_ALLOWED: { allowedKinds: p.allowedKinds },
      COMMODITY_RECOGNISED: {
        ...ruleOfKind(base, 'COMMODITY_RECOGNISED').params,
        referenceLists: p.referenceLists,
        matching: p.matching,
      },
      FUNDING_LINES_VALID: { minAmountPerSource: p.minAmountPerSource },
      FUNDING_SOURCES_ALLOWED: { defaultSources: p.defaultSources, byProgramKind: p.byProgramKind },
      BUDGET_SHARING: {
        whenFundedBy: p.sharingPair[0],
        counterpartSource: p.sharingPair[1],
        minCounterpartPercent: p.sharingBasisPoints / 100,
        basis: p.sharingBasis,
        ...(p.sharingKinds ? { programKinds: p.sharingKinds } : {}),
      },
      DISTRICT_CEILING: {
        defaultCeiling: p.defaultCeiling,
        ceilingsByDistrict: p.ceilings,
      },
      MACHINE_RESTRUCTURING_LIMITS: {
        minAmountPerFirm: p.minPerFirm,
        maxAmountPerFirm: p.minPerFirm * p.perFirmFactor,
        reimbursementPercent: { domestic: 30, imported: 25 },
      },
      OVOP_MIN_CENTRES: { minIkmCentres: p.minIkmCentres },
      TARGETS_PLAUSIBLE: {
        maxCostPerJob: p.maxCostPerJob,
        maxCostPerNewEntrepreneur: p.maxCostPerNewEntrepreneur,
        jobsRequiredFor: p.jobsRequiredFor,
        newEntrepreneursRequiredFor: p.newEntrepreneursRequiredFor,
      },
      NEAR_DUPLICATE: { minTitleSimilarity: p.minTitleSimilarity, ignoredStatuses: p.duplicateIgnored },
    };
    return {
      ...base,
      version: 2,
      rules: base.rules.map((rule) => ({ ...rule, params: params[rule.kind] }) as Rule),
    };
  })
  .filter((ruleSet) => satisfiableKinds(ruleSet).length > 0);

const TITLE_WORDS = [
  'pengolahan',
  'pembinaan',
  'revitalisasi',
  'pendampingan',
  'angkatan',
  'desa',
  'terpadu',
];
const OTHER_TITLES = ['Fasilitasi pameran dagang', 'Bimbingan teknis mutu produk', 'Temu usaha IKM binaan'];

const allowedSourcesFor = (ruleSet: RuleSet, kind: ProgramKind): readonly FundingSource[] => {
  const { params } = ruleOfKind(ruleSet, 'FUNDING_SOURCES_ALLOWED');
  return params.byProgramKind[kind] ?? params.defaultSources;
};

/**
 * Allowed kinds a proposal can meet: not those whose only allowed source is the budget-sharing
 * trigger while its counterpart is not allowed.
 */
export function satisfiableKinds(ruleSet: RuleSet): ProgramKind[] {
  const sharing = ruleOfKind(ruleSet, 'BUDGET_SHARING').params;
  return ruleOfKind(ruleSet, 'PROGRAM_KIND_ALLOWED').params.allowedKinds.filter((kind) => {
    const allowed = allowedSourcesFor(ruleSet, kind);
    const applies = !sharing.programKinds || sharing.programKinds.includes(kind);
    return (
      !applies ||
      allowed.includes(sharing.counterpartSource) ||
      allowed.some((s) => s !== sharing.whenFundedBy)
    );
  });
}

export const ceilingOf = (ruleSet: RuleSet, districtCode: string): number => {
  const { params } = ruleOfKind(ruleSet, 'DISTRICT_CEILING');
  return params.ceilingsByDistrict[districtCode] ?? params.defaultCeiling;
};

/** A proposal context that the given rule set accepts without a single finding. */
export function arbSatisfyingContext(ruleSet: RuleSet): fc.Arbitrary<PolicyContext> {
  const kinds = satisfiableKinds(ruleSet);
  if (kinds.length === 0) throw new Error('arbSatisfyingContext needs a satisfiable rule set');
  const commodityRule = ruleOfKind(ruleSet, 'COMMODITY_RECOGNISED').params;
  const sharing = ruleOfKind(ruleSet, 'BUDGET_SHARING').params;
  const minAmount = ruleOfKind(ruleSet, 'FUNDING_LINES_VALID').params.minAmountPerSource;
  const machines = ruleOfKind(ruleSet, 'MACHINE_RESTRUCTURING_LIMITS').params;
  const ovop = ruleOfKind(ruleSet, 'OVOP_MIN_CENTRES').params;
  const targets = ruleOfKind(ruleSet, 'TARGETS_PLAUSIBLE').params;

  const commoditiesOf = (code: string): string[] =>
    commodityRule.referenceLists.flatMap((list) => {
      if (list === 'DISTRICT_LEADING') return DISTRICTS.get(code)?.leadingCommodities ?? [];
      return list === 'PROVINCE_KIID' ? PROVINCE.kiidCommodities : PROVINCE.leadingIndustries;
    });
  const districtCodes = DISTRICT_LIST.map((d) => d.code).filter((code) => commoditiesOf(code).length > 0);

  return fc
    .record({
      kind: fc.constantFrom(...kinds),
      districtCode: fc.constantFrom(...districtCodes),
      revision: fc.integer({ min: 1, max: 3 }),
      withTotal: fc.boolean(),
    })
    .chain(({ kind, districtCode, revision, withTotal }) => {
      // The generous of the district's own ceiling and the default is kept for breaking
      // DISTRICT_EXISTS: an unknown code falls back to the default.
      const ceiling = Math.min(ceilingOf(ruleSet, districtCode), ceilingOf(ruleSet, SAFE_CODE_UNKNOWN));
      const allowed = allowedSourcesFor(ruleSet, kind);
      const sharingApplies = !sharing.programKinds || sharing.programKinds.includes(kind);
      const lineAmount = fc.integer({ min: minAmount, max: Math.floor(ceiling / 10) });
      const decorations =
        commodityRule.matching === 'WORD_CONTAINMENT'
          ? fc.constantFrom(['', ''], ['pengolahan ', ''], ['', ' premium'], ['olahan ', ' organik'])
          : fc.constant(['', '']);
      return fc
        .record({
          entry: fc.constantFrom(...commoditiesOf(districtCode)),
          decoration: decorations,
          shouting: fc.boolean(),
          sources: nonEmpty(allowed),
          amounts: fc.tuple(lineAmount, lineAmount, lineAmount),
          extra: fc.integer({ min: 0, max: Math.floor(ceiling / 20) }),
          firmsPick: fc.double({ min: 0, max: 1, noNaN: true }),
          extraCount: fc.tuple(fc.nat(50), fc.nat(50), fc.nat(5)),
          titleWords: fc.subarray(TITLE_WORDS, { minLength: 1, maxLength: 3 }),
          others: fc.array(
            fc.record({
              title: fc.constantFrom(...OTHER_TITLES),
              programKind: fc.constantFrom(...PROGRAM_KINDS),
              commodity: fc.constantFrom(FILLER_COMMODITY, ...PROVINCE.kiidCommodities),
              totalAmount: fc.integer({ min: 1, max: Math.floor(ceiling / 15) }),
              status: fc.constantFrom(...PROPOSAL_STATUSES),
            }),
            { maxLength: 3 },
          ),
        })
        .map((g) => {
          const commodityText = `${g.decoration[0]}${g.entry}${g.decoration[1]}`;
          const commodity = g.shouting ? commodityText.toUpperCase() : commodityText;

          let sources = [...g.sources];
          const trigger = sharing.whenFundedBy;
          const counterpart = sharing.counterpartSource;
          if (sharingApplies && sources.includes(trigger)) {
            if (allowed.includes(counterpart)) {
              if (!sources.includes(counterpart)) sources.push(counterpart);
            } else {
              // The counterpart cannot be used with this kind, so neither can the trigger.
              sources = sources.filter((source) => source !== trigger);
              if (sources.length === 0) sources = allowed.filter((source) => source !== trigger).slice(0, 1);
            }
          }
          const sharingActive = sharingApplies && sources.includes(trigger);

          const amounts = new Map<FundingSource, number>();
          sources.forEach((source, i) => {
            if (!(sharingActive && source === counterpart)) amounts.set(source, g.amounts[i] ?? minAmount);
          });
          if (sharingActive) {
            const rest = [...amounts.values()].reduce((a, b) => a + b, 0);
            const required =
              sharing.basis === 'TRIGGER_SOURCE'
                ? minimumForPercent(amounts.get(trigger) ?? 0, sharing.minCounterpartPercent)
                : minimumForPercentOfTotal(rest, sharing.minCounterpartPercent);
            amounts.set(counterpart, Math.max(minAmount, required) + g.extra);
          }
          let total = [...amounts.values()].reduce((a, b) => a + b, 0);
          if (kind === 'RESTRUKTURISASI_MESIN' && total < machines.minAmountPerFirm) {
            // Topping up the counterpart (or any line when no sharing applies) keeps every share met.
            const topped = sharingActive ? counterpart : (sources[0] as FundingSource);
            amounts.set(topped, (amounts.get(topped) ?? 0) + machines.minAmountPerFirm - total);
            total = machines.minAmountPerFirm;
          }
          const funding: FundingLine[] = sources.map((source) => ({
            source,
            amount: amounts.get(source) ?? 0,
          }));

          const fewestFirms = Math.ceil(total / machines.maxAmountPerFirm);
          const mostFirms = Math.floor(total / machines.minAmountPerFirm);
          const firms = fewestFirms + Math.floor(g.firmsPick * (mostFirms - fewestFirms));
          const ikmUnits =
            kind === 'RESTRUKTURISASI_MESIN'
              ? firms
              : kind === 'OVOP'
                ? ovop.minIkmCentres + g.extraCount[2]
                : g.extraCount[2];
          const jobsCreated = Math.max(1, Math.ceil(total / targets.maxCostPerJob)) + g.extraCount[0];
          const newEntrepreneurs =
            Math.max(1, Math.ceil(total / targets.maxCostPerNewEntrepreneur)) + g.extraCount[1];

          const ownCommodity = normalisePhrase(commodity);
          const otherProposals: OtherProposal[] = g.others.map((other, i) => ({
            ...other,
            id: `P-${9000 + i}`,
            commodity: normalisePhrase(other.commodity) === ownCommodity ? FILLER_COMMODITY : other.commodity,
          }));

          const ctx: PolicyContext = {
            proposal: {
              id: 'P-0001',
              revision,
              fiscalYear: ruleSet.fiscalYear,
              districtCode,
              title: `Program ${g.titleWords.join(' ')} ${ownCommodity}`,
              programKind: kind,
              commodity,
              description: '',
              targets: { newEntrepreneurs, jobsCreated, ikmUnits },
              funding,
              ...(withTotal ? { totalAmount: total } : {}),
            },
            ruleSet,
            districts: DISTRICTS,
            province: PROVINCE,
            otherProposals,
            // As if every other proposal had passed its check and committed its total.
            districtCommitted: {
              amount: otherProposals.reduce((sum, other) => sum + other.totalAmount, 0),
              proposals: otherProposals.length,
            },
          };
          return ctx;
        });
    });
}

export interface Broken {
  ctx: PolicyContext;
  /** How the rule was broken, for the failure report. */
  how: string;
}

const withRuleParams = <K extends Rule['kind']>(
  ctx: PolicyContext,
  kind: K,
  params: RuleOfKind<K>['params'],
): PolicyContext => ({
  ...ctx,
  ruleSet: {
    ...ctx.ruleSet,
    rules: ctx.ruleSet.rules.map((rule) => (rule.kind === kind ? ({ ...rule, params } as Rule) : rule)),
  },
});

const withProposal = (ctx: PolicyContext, changes: Partial<PolicyContext['proposal']>): PolicyContext => ({
  ...ctx,
  proposal: { ...ctx.proposal, ...changes },
});

const totalOfLines = (funding: readonly FundingLine[]) => funding.reduce((sum, line) => sum + line.amount, 0);

/**
 * The smallest change to a passing context that breaks exactly the given rule: a change to the
 * proposal where one exists, else to that rule's own parameters. null when the rule cannot apply
 * to this proposal (e.g. OVOP centres for a training proposal).
 */
export function breakRule(ctx: PolicyContext, kind: Rule['kind']): Broken | null {
  const { proposal, ruleSet } = ctx;
  const total = totalOfLines(proposal.funding);
  switch (kind) {
    case 'DISTRICT_EXISTS':
      return { ctx: withProposal(ctx, { districtCode: SAFE_CODE_UNKNOWN }), how: 'unknown district code' };
    case 'PROGRAM_KIND_ALLOWED':
      return {
        ctx: withRuleParams(ctx, kind, {
          allowedKinds: PROGRAM_KINDS.filter((k) => k !== proposal.programKind),
        }),
        how: 'kind closed this year',
      };
    case 'COMMODITY_RECOGNISED':
      return { ctx: withProposal(ctx, { commodity: FOREIGN_COMMODITY }), how: 'foreign commodity' };
    case 'FUNDING_LINES_VALID':
      return { ctx: withProposal(ctx, { totalAmount: total + 1 }), how: 'stored total one rupiah off' };
    case 'FUNDING_SOURCES_ALLOWED': {
      const used = proposal.funding.map((line) => line.source);
      const byProgramKind = {
        ...ruleOfKind(ruleSet, kind).params.byProgramKind,
        [proposal.programKind]:
          used.length > 1 ? used.slice(1) : FUNDING_SOURCES.filter((s) => s !== used[0]),
      };
      const params = { ...ruleOfKind(ruleSet, kind).params, byProgramKind };
      return { ctx: withRuleParams(ctx, kind, params), how: 'a used source disallowed' };
    }
    case 'BUDGET_SHARING':
      return breakBudgetSharing(ctx, total);
    case 'DISTRICT_CEILING': {
      const committed = ceilingOf(ruleSet, proposal.districtCode) - total + 1;
      return {
        ctx: {
          ...ctx,
          districtCommitted: { amount: committed, proposals: ctx.districtCommitted.proposals + 1 },
        },
        how: 'ceiling exceeded by 1',
      };
    }
    case 'MACHINE_RESTRUCTURING_LIMITS': {
      if (proposal.programKind !== 'RESTRUKTURISASI_MESIN') return null;
      const { minAmountPerFirm } = ruleOfKind(ruleSet, kind).params;
      const firms = Math.floor(total / minAmountPerFirm) + 1;
      return {
        ctx: withProposal(ctx, { targets: { ...proposal.targets, ikmUnits: firms } }),
        how: 'per firm < min',
      };
    }
    case 'OVOP_MIN_CENTRES': {
      if (proposal.programKind !== 'OVOP') return null;
      const ikmUnits = ruleOfKind(ruleSet, kind).params.minIkmCentres - 1;
      return {
        ctx: withProposal(ctx, { targets: { ...proposal.targets, ikmUnits } }),
        how: 'one centre short',
      };
    }
    case 'TARGETS_PLAUSIBLE':
      return breakTargets(ctx, total);
    case 'NEAR_DUPLICATE': {
      const twin: OtherProposal = {
        id: 'P-7777',
        title: proposal.title,
        programKind: proposal.programKind,
        commodity: proposal.commodity,
        totalAmount: 1,
        status: LIVE_STATUS,
      };
      return {
        ctx: { ...ctx, otherProposals: [...ctx.otherProposals, twin] },
        how: 'identical twin proposal',
      };
    }
  }
}

function breakBudgetSharing(ctx: PolicyContext, total: number): Broken {
  const { proposal, ruleSet } = ctx;
  const params = ruleOfKind(ruleSet, 'BUDGET_SHARING').params;
  const minAmount = ruleOfKind(ruleSet, 'FUNDING_LINES_VALID').params.minAmountPerSource;
  const amountOf = (source: FundingSource) =>
    proposal.funding.find((line) => line.source === source)?.amount ?? 0;
  const applies = !params.programKinds || params.programKinds.includes(proposal.programKind);
  const trigger = amountOf(params.whenFundedBy);
  const counterpart = amountOf(params.counterpartSource);
  if (applies && trigger > 0 && counterpart > minAmount) {
    // Move money from the counterpart to the triggering source: the total, and so every other
    // rule, stays as it was.
    const moved = counterpart - minAmount;
    const newTrigger = trigger + moved;
    const base = params.basis === 'TRIGGER_SOURCE' ? newTrigger : total;
    if (!isAtLeastPercent(minAmount, base, params.minCounterpartPercent)) {
      const funding = proposal.funding.map((line) =>
        line.source === params.whenFundedBy
          ? { ...line, amount: newTrigger }
          : line.source === params.counterpartSource
            ? { ...line, amount: minAmount }
            : line,
      );
      return { ctx: withProposal(ctx, { funding }), how: 'counterpart moved to the trigger source' };
    }
  }
  const [first] = proposal.funding;
  const whenFundedBy = first?.source ?? 'APBN';
  const counterpartSource = FUNDING_SOURCES.find((source) => source !== whenFundedBy) ?? 'APBD_PROVINSI';
  return {
    ctx: withRuleParams(ctx, 'BUDGET_SHARING', {
      whenFundedBy,
      counterpartSource,
      minCounterpartPercent: 100,
      basis: 'TOTAL',
    }),
    how: 'rule asks for the whole total from another source',
  };
}

function breakTargets(ctx: PolicyContext, total: number): Broken | null {
  const { proposal, ruleSet } = ctx;
  const params = ruleOfKind(ruleSet, 'TARGETS_PLAUSIBLE').params;
  const fewerJobs = Math.ceil(total / params.maxCostPerJob) - 1;
  if (fewerJobs >= 1) {
    return {
      ctx: withProposal(ctx, { targets: { ...proposal.targets, jobsCreated: fewerJobs } }),
      how: 'one job too few for the cost bound',
    };
  }
  if (params.jobsRequiredFor.includes(proposal.programKind)) {
    return { ctx: withProposal(ctx, { targets: { ...proposal.targets, jobsCreated: 0 } }), how: 'no jobs' };
  }
  const jobs = proposal.targets.jobsCreated;
  const maxCostPerJob = Math.ceil(total / jobs) - 1;
  if (maxCostPerJob < 1) return null;
  return {
    ctx: withRuleParams(ctx, 'TARGETS_PLAUSIBLE', { ...params, maxCostPerJob }),
    how: 'lower cost bound',
  };
}
