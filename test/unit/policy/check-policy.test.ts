import { describe, expect, it } from 'vitest';
import { checkPolicy } from '../../../functions/domain/policy/check-policy.js';
import { otherProposal, ruleOf, ruleSetOf, validContext, withProposal } from './fixtures.js';

describe('checkPolicy', () => {
  it('given the sample Makassar kakao proposal and the 2016 rules, when checked, then it passes with no findings', () => {
    const result = checkPolicy(validContext());
    expect(result).toEqual({ ruleSetVersion: 1, outcome: 'PASS', findings: [] });
  });

  it('given a rule set of version 7, when checked, then the result records version 7', () => {
    const ctx = validContext({ ruleSet: ruleSetOf(ruleOf('DISTRICT_EXISTS', {})) });
    expect(checkPolicy(ctx).ruleSetVersion).toBe(7);
  });

  it('given only a warning rule fails, when checked, then the outcome is WARN', () => {
    const ctx = validContext({
      ruleSet: ruleSetOf(ruleOf('OVOP_MIN_CENTRES', { minIkmCentres: 50 }, { severity: 'WARNING' })),
    });
    const result = checkPolicy(withProposal(ctx, { programKind: 'OVOP' }));
    expect(result.outcome).toBe('WARN');
    expect(result.findings).toHaveLength(1);
  });

  it('given a blocking and a warning rule fail, when checked, then the outcome is FAIL with both findings', () => {
    const ctx = validContext({
      ruleSet: ruleSetOf(
        ruleOf('PROGRAM_KIND_ALLOWED', { allowedKinds: ['PROMOSI'] }, { id: 'jenis', severity: 'WARNING' }),
        ruleOf('DISTRICT_EXISTS', {}, { id: 'wilayah', severity: 'BLOCKING', source: 'KABUPATEN_KOTA' }),
      ),
    });
    const result = checkPolicy(withProposal(ctx, { districtCode: '73.99' }));
    expect(result.outcome).toBe('FAIL');
    expect(result.findings.map((f) => [f.ruleId, f.severity, f.source])).toEqual([
      ['jenis', 'WARNING', 'PROVINSI'],
      ['wilayah', 'BLOCKING', 'KABUPATEN_KOTA'],
    ]);
  });

  it('given several failing rules, when checked, then findings come in the order of the rule set', () => {
    const rules = [
      ruleOf('OVOP_MIN_CENTRES', { minIkmCentres: 50 }, { id: 'c' }),
      ruleOf('PROGRAM_KIND_ALLOWED', { allowedKinds: ['PROMOSI'] }, { id: 'a' }),
      ruleOf('FUNDING_LINES_VALID', { minAmountPerSource: 900_000_000 }, { id: 'b' }),
    ];
    const ctx = withProposal(validContext({ ruleSet: ruleSetOf(...rules) }), { programKind: 'OVOP' });
    expect(checkPolicy(ctx).findings.map((f) => f.ruleId)).toEqual(['c', 'a', 'b', 'b', 'b']);
    const reversed = { ...ctx, ruleSet: ruleSetOf(...[...rules].reverse()) };
    expect(checkPolicy(reversed).findings.map((f) => f.ruleId)).toEqual(['b', 'b', 'b', 'a', 'c']);
  });

  it('given the same context twice, when checked, then the results are identical and the context is untouched', () => {
    const ctx = withProposal(validContext({ otherProposals: [otherProposal()] }), { commodity: 'batu akik' });
    const snapshot = structuredClone({
      proposal: ctx.proposal,
      ruleSet: ctx.ruleSet,
      others: ctx.otherProposals,
    });
    expect(checkPolicy(ctx)).toEqual(checkPolicy(ctx));
    expect({ proposal: ctx.proposal, ruleSet: ctx.ruleSet, others: ctx.otherProposals }).toEqual(snapshot);
  });

  it('given a rule set of another fiscal year, when checked, then it refuses instead of judging with the wrong rules', () => {
    const ctx = validContext();
    expect(() => checkPolicy(withProposal(ctx, { fiscalYear: 2017 }))).toThrow(/fiscal year 2016.*2017/);
  });

  it('given a funding line that is not whole rupiah, when checked against 2016, then only the funding rule speaks', () => {
    const ctx = withProposal(validContext(), {
      funding: [
        { source: 'APBN', amount: 500_000_000.5 },
        { source: 'APBD_KABUPATEN_KOTA', amount: 10 },
      ],
    });
    const result = checkPolicy(ctx);
    expect(result.outcome).toBe('FAIL');
    expect(result.findings.map((f) => f.ruleId)).toEqual(['rincian-dana-valid', 'rincian-dana-valid']);
    expect(result.findings[0]?.message).toContain('APBN (500000000.5) harus berupa rupiah bulat');
  });
});
