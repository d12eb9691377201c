import { describe, expect, it } from 'vitest';
import { checkPolicy } from '../../../functions/domain/policy/check-policy.js';
import { rule2016, ruleOf, ruleSetOf, validContext, withProposal } from './fixtures.js';

describe('DISTRICT_EXISTS (kabupaten-kota-terdaftar)', () => {
  const ctx = validContext({ ruleSet: ruleSetOf(rule2016('DISTRICT_EXISTS')) });

  it('given each of the 24 Kemendagri codes, when checked, then none is refused', () => {
    for (const code of ctx.districts.keys()) {
      expect(checkPolicy(withProposal(ctx, { districtCode: code })).findings).toEqual([]);
    }
    expect(ctx.districts.size).toBe(24);
  });

  it('given the unknown code 73.99, when checked, then it is refused with the code and a valid example', () => {
    const result = checkPolicy(withProposal(ctx, { districtCode: '73.99' }));
    expect(result.outcome).toBe('FAIL');
    expect(result.findings).toEqual([
      {
        ruleId: 'kabupaten-kota-terdaftar',
        source: 'PROVINSI',
        severity: 'BLOCKING',
        message:
          'Kode kabupaten/kota 73.99 tidak terdaftar. Gunakan kode Kemendagri salah satu dari 24 kabupaten/kota ' +
          '(mis. 73.01 untuk Kabupaten Kepulauan Selayar), bukan kode BPS.',
      },
    ]);
  });
});

describe('PROGRAM_KIND_ALLOWED', () => {
  const onlyTraining = ruleOf('PROGRAM_KIND_ALLOWED', { allowedKinds: ['PELATIHAN', 'KEMASAN'] });
  const ctx = validContext({ ruleSet: ruleSetOf(onlyTraining) });

  it('given an allowed kind, when checked, then it passes', () => {
    expect(checkPolicy(withProposal(ctx, { programKind: 'KEMASAN' })).outcome).toBe('PASS');
  });

  it('given a kind not opened this year, when checked, then the finding names it and the kinds that are open', () => {
    const result = checkPolicy(withProposal(ctx, { programKind: 'OVOP' }));
    expect(result.findings.map((f) => f.message)).toEqual([
      'Jenis program OVOP (One Village One Product) tidak dibuka pada TA 2016. Jenis program yang diterima: ' +
        'Pelatihan dan Kemasan.',
    ]);
  });

  it('given the 2016 rules, when any of the eight Kemenperin programme kinds is proposed, then the kind is accepted', () => {
    const ctx2016 = validContext({ ruleSet: ruleSetOf(rule2016('PROGRAM_KIND_ALLOWED')) });
    for (const kind of rule2016('PROGRAM_KIND_ALLOWED').params.allowedKinds) {
      expect(checkPolicy(withProposal(ctx2016, { programKind: kind })).findings).toEqual([]);
    }
    expect(rule2016('PROGRAM_KIND_ALLOWED').params.allowedKinds).toHaveLength(8);
  });
});
