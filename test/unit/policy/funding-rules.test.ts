import { describe, expect, it } from 'vitest';
import { checkPolicy } from '../../../functions/domain/policy/check-policy.js';
import type { FundingLine } from '../../../functions/domain/proposal.js';
import { rule2016, ruleOf, ruleSetOf, validContext, withProposal } from './fixtures.js';

const messagesFor = (rule: Parameters<typeof ruleSetOf>[0], changes: Parameters<typeof withProposal>[1]) =>
  checkPolicy(withProposal(validContext({ ruleSet: ruleSetOf(rule) }), changes)).findings.map(
    (f) => f.message,
  );

const funding = (apbn: number, kabupatenKota?: number, provinsi?: number): FundingLine[] => [
  ...(apbn > 0 ? [{ source: 'APBN' as const, amount: apbn }] : []),
  ...(provinsi ? [{ source: 'APBD_PROVINSI' as const, amount: provinsi }] : []),
  ...(kabupatenKota ? [{ source: 'APBD_KABUPATEN_KOTA' as const, amount: kabupatenKota }] : []),
];

describe('FUNDING_LINES_VALID (rincian-dana-valid, minimum Rp 5.000.000 per source in 2016)', () => {
  const rule = rule2016('FUNDING_LINES_VALID');

  it('given a line of exactly Rp 5.000.000, when checked, then it passes', () => {
    expect(messagesFor(rule, { funding: funding(0, 5_000_000) })).toEqual([]);
  });

  it('given a line one rupiah below the minimum, when checked, then it is refused with both amounts', () => {
    expect(messagesFor(rule, { funding: funding(500_000_000, 4_999_999) })).toEqual([
      'Jumlah dana APBD Kabupaten/Kota Rp 4.999.999 di bawah batas minimal Rp 5.000.000 per sumber dana. ' +
        'Naikkan jumlahnya atau gabungkan ke sumber dana lain.',
    ]);
  });

  it('given amounts of zero, below zero or with cents, when checked, then each is refused as not whole rupiah', () => {
    const lines: FundingLine[] = [
      { source: 'APBN', amount: 0 },
      { source: 'APBD_PROVINSI', amount: -5_000_000 },
      { source: 'APBD_KABUPATEN_KOTA', amount: 7_500_000.25 },
    ];
    expect(messagesFor(rule, { funding: lines })).toEqual([
      'Jumlah dana APBN (0) harus berupa rupiah bulat lebih dari 0, tanpa sen.',
      'Jumlah dana APBD Provinsi (-5000000) harus berupa rupiah bulat lebih dari 0, tanpa sen.',
      'Jumlah dana APBD Kabupaten/Kota (7500000.25) harus berupa rupiah bulat lebih dari 0, tanpa sen.',
    ]);
  });

  it('given no funding line at all, when checked against 2016, then only this rule speaks and asks for one', () => {
    const result = checkPolicy(withProposal(validContext(), { funding: [] }));
    expect(result.findings.map((f) => [f.ruleId, f.message])).toEqual([
      [
        'rincian-dana-valid',
        'Usulan belum menyebut sumber dana. Isi sedikitnya satu sumber dana beserta jumlahnya.',
      ],
    ]);
  });

  it('given the same source twice, when checked, then it asks to merge the lines', () => {
    const lines: FundingLine[] = [
      { source: 'APBN', amount: 10_000_000 },
      { source: 'APBN', amount: 20_000_000 },
    ];
    expect(messagesFor(rule, { funding: lines })).toEqual([
      'Sumber dana APBN disebut lebih dari sekali. Satukan jumlahnya dalam satu baris.',
    ]);
  });

  it('given a stored total equal to the sum of the lines, when checked, then it passes', () => {
    expect(messagesFor(rule, { totalAmount: 850_000_000 })).toEqual([]);
  });

  it('given a stored total one rupiah off the sum of the lines, when checked, then it shows both and the difference', () => {
    expect(messagesFor(rule, { totalAmount: 850_000_001 })).toEqual([
      'Total usulan tercatat Rp 850.000.001 tidak sama dengan jumlah rincian sumber dana Rp 850.000.000 ' +
        '(selisih Rp 1). Periksa kembali rincian pendanaan.',
    ]);
  });

  it('given lines whose sum is beyond exact integer arithmetic, when checked, then it is refused', () => {
    const huge = Number.MAX_SAFE_INTEGER - 1;
    expect(messagesFor(rule, { funding: funding(huge, huge) })).toEqual([
      'Jumlah seluruh sumber dana melebihi Rp 9.007.199.254.740.991 dan tidak dapat dihitung.',
    ]);
  });
});

describe('FUNDING_SOURCES_ALLOWED (sumber-dana-per-program, 2016)', () => {
  const rule = rule2016('FUNDING_SOURCES_ALLOWED');

  it('given WIRAUSAHA_BARU funded by all three sources, when checked, then it passes', () => {
    expect(messagesFor(rule, { programKind: 'WIRAUSAHA_BARU' })).toEqual([]);
  });

  it('given PROMOSI funded by the two APBD, when checked, then it passes (default sources)', () => {
    expect(
      messagesFor(rule, { programKind: 'PROMOSI', funding: funding(0, 50_000_000, 50_000_000) }),
    ).toEqual([]);
  });

  it('given PROMOSI with an APBN line, when checked, then it names APBN and the sources allowed', () => {
    expect(messagesFor(rule, { programKind: 'PROMOSI' })).toEqual([
      'Sumber dana APBN tidak dapat digunakan untuk program Promosi dan Pameran pada TA 2016. ' +
        'Sumber dana yang diizinkan: APBD Provinsi dan APBD Kabupaten/Kota.',
    ]);
  });

  it('given two refused sources, when checked, then one finding names both', () => {
    const onlyApbn = ruleOf('FUNDING_SOURCES_ALLOWED', { defaultSources: ['APBN'], byProgramKind: {} });
    expect(messagesFor(onlyApbn, {})).toEqual([
      'Sumber dana APBD Provinsi dan APBD Kabupaten/Kota tidak dapat digunakan untuk program Penumbuhan ' +
        'Wirausaha Baru pada TA 2016. Sumber dana yang diizinkan: APBN.',
    ]);
  });
});

describe('BUDGET_SHARING (dana-pendamping-apbd: APBD Kabupaten/Kota at least 10% of APBN in 2016)', () => {
  const rule = rule2016('BUDGET_SHARING');

  it('given a counterpart of exactly 10% of APBN, when checked, then it passes', () => {
    expect(messagesFor(rule, { funding: funding(500_000_000, 50_000_000) })).toEqual([]);
  });

  it('given a counterpart one rupiah below 10%, when checked, then it is refused and asks for exactly Rp 1 more', () => {
    expect(messagesFor(rule, { funding: funding(500_000_000, 49_999_999) })).toEqual([
      'Porsi APBD Kabupaten/Kota Rp 49.999.999 baru 9,99% dari porsi APBN Rp 500.000.000, padahal usulan yang ' +
        'memakai APBN wajib didampingi APBD Kabupaten/Kota minimal 10% (Rp 50.000.000). Tambahkan APBD ' +
        'Kabupaten/Kota sedikitnya Rp 1 atau kurangi porsi APBN.',
    ]);
  });

  it('given a counterpart of 8%, when checked, then the finding says 8% against 10%', () => {
    const [message] = messagesFor(rule, { funding: funding(500_000_000, 40_000_000, 100_000_000) });
    expect(message).toContain('Rp 40.000.000 baru 8% dari porsi APBN Rp 500.000.000');
    expect(message).toContain(
      'minimal 10% (Rp 50.000.000). Tambahkan APBD Kabupaten/Kota sedikitnya Rp 10.000.000',
    );
  });

  it('given an APBN amount whose 10% is not whole rupiah, when checked, then the minimum rounds up', () => {
    expect(messagesFor(rule, { funding: funding(333_333_333, 33_333_334) })).toEqual([]);
    expect(messagesFor(rule, { funding: funding(333_333_333, 33_333_333) })).toEqual([
      expect.stringContaining('minimal 10% (Rp 33.333.334). Tambahkan APBD Kabupaten/Kota sedikitnya Rp 1 '),
    ]);
  });

  it('given APBN without any APBD Kabupaten/Kota line, when checked, then it is refused at 0%', () => {
    expect(messagesFor(rule, { funding: funding(500_000_000, undefined, 100_000_000) })).toEqual([
      expect.stringMatching(/^Porsi APBD Kabupaten\/Kota Rp 0 baru 0% dari porsi APBN Rp 500\.000\.000/),
    ]);
  });

  it('given no APBN at all, when checked, then no counterpart is required', () => {
    expect(messagesFor(rule, { funding: funding(0, undefined, 100_000_000) })).toEqual([]);
  });

  it('given the rule limited to SENTRA_IKM, when a WIRAUSAHA_BARU proposal lacks the counterpart, then it passes', () => {
    const sentraOnly = ruleOf('BUDGET_SHARING', { ...rule.params, programKinds: ['SENTRA_IKM'] });
    expect(messagesFor(sentraOnly, { funding: funding(500_000_000) })).toEqual([]);
    expect(
      messagesFor(sentraOnly, { programKind: 'SENTRA_IKM', funding: funding(500_000_000) }),
    ).toHaveLength(1);
  });

  it('given a 12,5% minimum, when the counterpart is exactly 12,5% or one rupiah less, then it passes or fails', () => {
    const oneEighth = ruleOf('BUDGET_SHARING', { ...rule.params, minCounterpartPercent: 12.5 });
    expect(messagesFor(oneEighth, { funding: funding(80_000_000, 10_000_000) })).toEqual([]);
    expect(messagesFor(oneEighth, { funding: funding(80_000_000, 9_999_999) })).toEqual([
      expect.stringContaining(
        'baru 12,49% dari porsi APBN Rp 80.000.000, padahal usulan yang memakai APBN wajib ' +
          'didampingi APBD Kabupaten/Kota minimal 12,5% (Rp 10.000.000)',
      ),
    ]);
  });

  describe('on the TOTAL basis (20% of the whole proposal)', () => {
    const totalParams = {
      whenFundedBy: 'APBN',
      counterpartSource: 'APBD_PROVINSI',
      minCounterpartPercent: 20,
      basis: 'TOTAL',
    } as const;
    const ofTotal = ruleOf('BUDGET_SHARING', totalParams);

    it('given exactly 20% of the total, when checked, then it passes', () => {
      expect(messagesFor(ofTotal, { funding: funding(400_000_000, undefined, 100_000_000) })).toEqual([]);
    });

    it('given one rupiah less, when checked, then the amount asked for accounts for the total growing with it', () => {
      expect(messagesFor(ofTotal, { funding: funding(400_000_000, undefined, 99_999_999) })).toEqual([
        'Porsi APBD Provinsi Rp 99.999.999 baru 19,99% dari total usulan Rp 499.999.999, padahal usulan yang ' +
          'memakai APBN wajib didampingi APBD Provinsi minimal 20%. Dengan sumber dana lain tetap, porsi APBD ' +
          'Provinsi perlu sedikitnya Rp 100.000.000.',
      ]);
    });

    it('given a 100% minimum, when another source is present, then it says all money must come from the counterpart', () => {
      const all = ruleOf('BUDGET_SHARING', { ...totalParams, minCounterpartPercent: 100 });
      expect(messagesFor(all, { funding: funding(400_000_000, undefined, 100_000_000) })).toEqual([
        expect.stringMatching(/minimal 100%\. Seluruh dana harus berasal dari APBD Provinsi\.$/),
      ]);
    });
  });
});
