import * as z from 'zod/mini';
import type { ErrorDetail } from '../errors.js';
import {
  districtCodeSchema as districtCode,
  fiscalYearSchema,
  wholeRupiahSchema as wholeRupiah,
} from '../fields.js';
import { FUNDING_SOURCES, PROGRAM_KINDS, PROPOSAL_STATUSES } from '../proposal.js';
import { formatIssuePath, ruleSetIssueMessage } from './rule-set-messages.js';

/**
 * A fiscal year's policy rules as versioned data (one file per year under data/policies/).
 * Every figure the check uses lives here, so the office changes policy by publishing a new
 * version, never by changing code. Each rule kind has its own parameter schema.
 */

export const RULE_SOURCES = ['KEMENPERIN', 'PROVINSI', 'KABUPATEN_KOTA'] as const;
export const SEVERITIES = ['BLOCKING', 'WARNING'] as const;
export const COMMODITY_REFERENCE_LISTS = [
  'DISTRICT_LEADING',
  'PROVINCE_KIID',
  'PROVINCE_LEADING_INDUSTRIES',
] as const;
export type CommodityReferenceList = (typeof COMMODITY_REFERENCE_LISTS)[number];

/** At most two decimals, so shares compare exactly in basis points (see shares.ts). */
const percent = z.number().check(z.gt(0), z.lte(100), z.multipleOf(0.01));
const programKind = z.enum(PROGRAM_KINDS);
const fundingSource = z.enum(FUNDING_SOURCES);
const phrase = z.string().check(z.trim(), z.minLength(2), z.maxLength(100));

const distinctList = <T extends z.ZodMiniType>(item: T) =>
  z.array(item).check(
    z.minLength(1),
    z.superRefine((values, ctx) => {
      const seen = new Set<unknown>();
      values.forEach((value, index) => {
        if (seen.has(value)) {
          ctx.addIssue({
            code: 'custom',
            path: [index],
            message: `${String(value)} disebut lebih dari sekali`,
          });
        }
        seen.add(value);
      });
    }),
  );

export const districtExistsParams = z.strictObject({});

export const programKindAllowedParams = z.strictObject({ allowedKinds: distinctList(programKind) });

export const commodityRecognisedParams = z.strictObject({
  /** Which reference lists count; a proposal's commodity must match one entry of one list. */
  referenceLists: distinctList(z.enum(COMMODITY_REFERENCE_LISTS)),
  /** EXACT: the whole phrase; WORD_CONTAINMENT: the entry's words appear in order in the commodity. */
  matching: z.enum(['EXACT', 'WORD_CONTAINMENT']),
  /** Other names of a reference entry: { "kakao": ["cokelat"] }. */
  aliases: z.record(phrase, z.array(phrase)),
  /** Commodities that must not count as a shorter entry they contain ("kelapa sawit" is not "kelapa"). */
  distinctPhrases: z.array(phrase),
});

export const fundingLinesValidParams = z.strictObject({ minAmountPerSource: wholeRupiah });

export const fundingSourcesAllowedParams = z.strictObject({
  defaultSources: distinctList(fundingSource),
  byProgramKind: z.partialRecord(programKind, distinctList(fundingSource)),
});

export const budgetSharingParams = z
  .strictObject({
    /** The rule applies when this source funds part of the proposal… */
    whenFundedBy: fundingSource,
    /** …and then this source must carry at least the minimum share. */
    counterpartSource: fundingSource,
    minCounterpartPercent: percent,
    /** TRIGGER_SOURCE: a share of the triggering source's amount (the DAK rule); TOTAL: of the total. */
    basis: z.enum(['TRIGGER_SOURCE', 'TOTAL']),
    /** Programme kinds the rule applies to; absent means every kind. */
    programKinds: z.optional(distinctList(programKind)),
  })
  .check(
    z.refine((params) => params.whenFundedBy !== params.counterpartSource, {
      path: ['counterpartSource'],
      message: 'Sumber dana pendamping harus berbeda dari sumber dana yang memicu aturan',
    }),
  );

export const districtCeilingParams = z.strictObject({
  /** Pagu indikatif of a district for the whole year, when it has none of its own below. */
  defaultCeiling: wholeRupiah,
  ceilingsByDistrict: z.record(districtCode, wholeRupiah),
});

export const machineRestructuringParams = z
  .strictObject({
    minAmountPerFirm: wholeRupiah,
    maxAmountPerFirm: wholeRupiah,
    /** Share of a machine's price that the programme reimburses. */
    reimbursementPercent: z.strictObject({ domestic: percent, imported: percent }),
  })
  .check(
    z.refine((params) => params.minAmountPerFirm <= params.maxAmountPerFirm, {
      path: ['maxAmountPerFirm'],
      message: 'Batas atas per IKM tidak boleh lebih kecil dari batas bawahnya',
    }),
  );

export const ovopMinCentresParams = z.strictObject({
  minIkmCentres: z.int().check(z.minimum(1), z.maximum(1000)),
});

export const targetsPlausibleParams = z.strictObject({
  maxCostPerJob: wholeRupiah,
  maxCostPerNewEntrepreneur: wholeRupiah,
  /** Programme kinds that must state jobs created / new entrepreneurs. */
  jobsRequiredFor: z.array(programKind),
  newEntrepreneursRequiredFor: z.array(programKind),
});

export const nearDuplicateParams = z.strictObject({
  /** 0 flags any live proposal with the same commodity and kind; 1 only an identical title. */
  minTitleSimilarity: z.number().check(z.minimum(0), z.maximum(1)),
  ignoredStatuses: z.array(z.enum(PROPOSAL_STATUSES)),
});

const ruleId = z
  .string()
  .check(
    z.regex(
      /^[a-z0-9]+(-[a-z0-9]+)*$/,
      'Id aturan hanya huruf kecil, angka dan tanda hubung, mis. dak-pendamping',
    ),
    z.maxLength(64),
  );

const ruleFields = {
  id: ruleId,
  source: z.enum(RULE_SOURCES),
  severity: z.enum(SEVERITIES),
  /** A short Indonesian name of the rule, for people reading the rule set. */
  title: z.string().check(z.trim(), z.minLength(3), z.maxLength(200)),
};

const ruleOf = <K extends string, P extends z.ZodMiniType>(kind: K, params: P) =>
  z.strictObject({ ...ruleFields, kind: z.literal(kind), params });

/** The fields every rule has, checked on their own when the kind is unknown. */
const ruleEnvelope = z.strictObject({ ...ruleFields, kind: z.unknown(), params: z.unknown() });

export const ruleSchema = z.discriminatedUnion(
  'kind',
  [
    ruleOf('DISTRICT_EXISTS', districtExistsParams),
    ruleOf('PROGRAM_KIND_ALLOWED', programKindAllowedParams),
    ruleOf('COMMODITY_RECOGNISED', commodityRecognisedParams),
    ruleOf('FUNDING_LINES_VALID', fundingLinesValidParams),
    ruleOf('FUNDING_SOURCES_ALLOWED', fundingSourcesAllowedParams),
    ruleOf('BUDGET_SHARING', budgetSharingParams),
    ruleOf('DISTRICT_CEILING', districtCeilingParams),
    ruleOf('MACHINE_RESTRUCTURING_LIMITS', machineRestructuringParams),
    ruleOf('OVOP_MIN_CENTRES', ovopMinCentresParams),
    ruleOf('TARGETS_PLAUSIBLE', targetsPlausibleParams),
    ruleOf('NEAR_DUPLICATE', nearDuplicateParams),
  ],
  // Called at parse time, after RULE_KINDS below exists.
  { error: (): string => `Jenis aturan (kind) tidak dikenal; pilihan: ${RULE_KINDS.join(', ')}` },
);

export const ruleSetSchema = z.strictObject({
  fiscalYear: fiscalYearSchema,
  version: z.int().check(z.minimum(1)),
  /** The day (YYYY-MM-DD) the office published this version; informative. */
  effectiveFrom: z.optional(z.iso.date()),
  description: z.string().check(z.trim(), z.minLength(3), z.maxLength(2000)),
  rules: z.array(ruleSchema).check(z.minLength(1)),
});

export type RuleSet = z.infer<typeof ruleSetSchema>;
export type Rule = RuleSet['rules'][number];
export type RuleKind = Rule['kind'];
export const RULE_KINDS = ruleSchema.def.options.map(
  (option) => option.shape.kind.def.values[0],
) as RuleKind[];
export type RuleParams<K extends RuleKind> = Extract<Rule, { kind: K }>['params'];

export type ParseRuleSetResult = { ok: true; ruleSet: RuleSet } | { ok: false; problems: ErrorDetail[] };

/**
 * Validates a rule set and reports every problem at once (path and Indonesian message), so the
 * person fixing a file sees the whole list, not one problem per attempt.
 */
export function parseRuleSet(input: unknown): ParseRuleSetResult {
  const parsed = ruleSetSchema.safeParse(input, { error: ruleSetIssueMessage });
  const problems: ErrorDetail[] = parsed.success
    ? []
    : parsed.error.issues.map((issue) => ({ path: formatIssuePath(issue.path), message: issue.message }));
  // Checked on the raw input: zod stops at an unknown kind and skips whole-object refinements
  // once any field has failed, and the person fixing the file should see everything at once.
  problems.push(...unknownKindRuleProblems(input), ...duplicateRuleIds(input));
  if (problems.length > 0 || !parsed.success) return { ok: false, problems };
  return { ok: true, ruleSet: parsed.data };
}

const rawRules = (input: unknown): unknown[] =>
  typeof input === 'object' && input !== null && 'rules' in input && Array.isArray(input.rules)
    ? input.rules
    : [];

function unknownKindRuleProblems(input: unknown): ErrorDetail[] {
  const known: readonly unknown[] = RULE_KINDS;
  return rawRules(input).flatMap((rule, index) => {
    if (typeof rule !== 'object' || rule === null || ('kind' in rule && known.includes(rule.kind))) return [];
    const envelope = ruleEnvelope.safeParse(rule, { error: ruleSetIssueMessage });
    return envelope.success
      ? []
      : envelope.error.issues.map((issue) => ({
          path: formatIssuePath(['rules', index, ...issue.path]),
          message: issue.message,
        }));
  });
}

function duplicateRuleIds(input: unknown): ErrorDetail[] {
  const firstIndexById = new Map<string, number>();
  const problems: ErrorDetail[] = [];
  rawRules(input).forEach((rule, index) => {
    if (typeof rule !== 'object' || rule === null || !('id' in rule) || typeof rule.id !== 'string') return;
    const first = firstIndexById.get(rule.id);
    if (first === undefined) {
      firstIndexById.set(rule.id, index);
    } else {
      problems.push({
        path: `rules[${index}].id`,
        message: `Id aturan "${rule.id}" sudah dipakai oleh rules[${first}]; id harus unik`,
      });
    }
  });
  return problems;
}
