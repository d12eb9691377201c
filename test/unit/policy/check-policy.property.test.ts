import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkPolicy } from '../../../functions/domain/policy/check-policy.js';
import { parseRuleSet, type RuleSet } from '../../../functions/domain/policy/rule-set.js';
import { proposalInputSchema } from '../../../functions/domain/proposal.js';
import { arbRuleSet, arbSatisfyingContext, breakRule } from './arbitraries.js';
import { ruleSet2016 } from './fixtures.js';

const RUNS = 300;

const ruleSets: Array<[string, fc.Arbitrary<RuleSet>]> = [
  ['the 2016 rule set', fc.constant(ruleSet2016())],
  ['rule sets with varied parameters', arbRuleSet],
];

describe.each(ruleSets)('checkPolicy properties over %s', (_name, arbitraryRuleSet) => {
  const arbContext = arbitraryRuleSet.chain(arbSatisfyingContext);

  it('given a generated rule set, when parsed, then it is valid', () => {
    fc.assert(
      fc.property(arbitraryRuleSet, (ruleSet) => {
        const parsed = parseRuleSet(ruleSet);
        expect(parsed.ok ? [] : parsed.problems).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });

  it('given a proposal generated to satisfy the rule set, when checked, then the outcome is PASS with no findings', () => {
    fc.assert(
      fc.property(arbContext, (ctx) => {
        const { id: _id, revision: _revision, totalAmount: _total, ...input } = ctx.proposal;
        expect(proposalInputSchema.safeParse(input).success).toBe(true);
        expect(checkPolicy(ctx)).toEqual({
          ruleSetVersion: ctx.ruleSet.version,
          outcome: 'PASS',
          findings: [],
        });
      }),
      { numRuns: RUNS },
    );
  });

  it('given a satisfying proposal, when any single rule is broken, then exactly that rule reports and no other', () => {
    const brokenCount = new Map<string, number>();
    fc.assert(
      fc.property(arbContext, (ctx) => {
        for (const rule of ctx.ruleSet.rules) {
          const broken = breakRule(ctx, rule.kind);
          if (!broken) continue;
          brokenCount.set(rule.kind, (brokenCount.get(rule.kind) ?? 0) + 1);
          const result = checkPolicy(broken.ctx);
          const ruleIds = [...new Set(result.findings.map((finding) => finding.ruleId))];
          expect({ how: broken.how, ruleIds }).toEqual({ how: broken.how, ruleIds: [rule.id] });
          expect(result.outcome).toBe(rule.severity === 'BLOCKING' ? 'FAIL' : 'WARN');
        }
      }),
      { numRuns: RUNS },
    );
    // Every rule was really broken, the programme-specific ones included, so no case passes vacuously.
    for (const rule of ruleSet2016().rules) {
      expect({ kind: rule.kind, broken: (brokenCount.get(rule.kind) ?? 0) >= 5 }).toEqual({
        kind: rule.kind,
        broken: true,
      });
    }
  });
});
