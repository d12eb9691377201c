import { describe, expect, it } from 'vitest';
import { checkPolicy } from '../../../functions/domain/policy/check-policy.js';
import { rule2016, ruleSetOf, validContext, withProposal } from './fixtures.js';

const messages = (rule: Parameters<typeof ruleSetOf>[0], changes: Parameters<typeof withProposal>[1]) =>
  checkPolicy(withProposal(validContext({ ruleSet: ruleSetOf(rule) }), changes)).findings.map(
    (f) => f.message,
  );

describe('MACHINE_RESTRUCTURING_LIMITS (restrukturisasi-mesin-per-ikm: Rp 5 juta to Rp 300 juta per firm)', () => {
  const rule = rule2016('MACHINE_RESTRUCTURING_LIMITS');
  const machines = (total: number, firms: number) =>
    messages(rule, {
      programKind: 'RESTRUKTURISASI_MESIN',
      funding: [{ source: 'APBN', amount: total }],
      targets: { newEntrepreneurs: 0, jobsCreated: 0, ikmUnits: firms },
    });

  it('given exactly Rp 300.000.000 per firm, when checked, then it passes', () => {
    expect(machines(900_000_000, 3)).toEqual([]);
  });

  it('given one rupiah above Rp 300.000.000 per firm, when checked, then it asks for more firms and explains the share', () => {
    expect(machines(900_000_001, 3)).toEqual([
      'Rata-rata penggantian per IKM Rp 300.000.001 (Rp 900.000.001 untuk 3 IKM) melebihi maksimal ' +
        'Rp 300.000.000 per IKM (penggantian 30% harga mesin dalam negeri atau 25% mesin impor; Rp 300.000.000 ' +
        'setara pembelian mesin Rp 1.000.000.000 dalam negeri atau Rp 1.200.000.000 impor). Tambah jumlah IKM ' +
        'penerima menjadi sedikitnya 4 atau kurangi anggaran.',
    ]);
  });

  it('given exactly Rp 5.000.000 per firm, when checked, then it passes', () => {
    expect(machines(100_000_000, 20)).toEqual([]);
  });

  it('given one rupiah below Rp 5.000.000 per firm, when checked, then it asks for fewer firms or more money', () => {
    expect(machines(99_999_999, 20)).toEqual([
      'Rata-rata penggantian per IKM Rp 4.999.999 (Rp 99.999.999 untuk 20 IKM) di bawah minimal Rp 5.000.000 ' +
        'per IKM (penggantian 30% harga mesin dalam negeri atau 25% mesin impor; Rp 5.000.000 setara pembelian ' +
        'mesin Rp 16.666.667 dalam negeri atau Rp 20.000.000 impor). Kurangi jumlah IKM penerima menjadi paling ' +
        'banyak 19 atau naikkan anggaran menjadi sedikitnya Rp 100.000.000.',
    ]);
  });

  it('given less than the minimum for a single firm, when checked, then it only asks for more money', () => {
    expect(machines(4_000_000, 1)).toEqual([
      expect.stringMatching(/Naikkan anggaran menjadi sedikitnya Rp 5\.000\.000\.$/),
    ]);
  });

  it('given no number of firms (ikmUnits 0), when checked, then it asks for it', () => {
    expect(machines(100_000_000, 0)).toEqual([
      'Program restrukturisasi mesin harus menyebut jumlah IKM penerima (target unit IKM); nilai penggantian ' +
        'per IKM (Rp 5.000.000 s.d. Rp 300.000.000) dihitung dari jumlah itu.',
    ]);
  });

  it('given another programme kind over the per-firm maximum, when checked, then the rule does not apply', () => {
    expect(
      messages(rule, {
        funding: [{ source: 'APBN', amount: 900_000_000 }],
        targets: { newEntrepreneurs: 1, jobsCreated: 1, ikmUnits: 1 },
      }),
    ).toEqual([]);
  });
});

describe('OVOP_MIN_CENTRES (ovop-minimal-dua-sentra)', () => {
  const rule = rule2016('OVOP_MIN_CENTRES');
  const ovop = (ikmUnits: number) =>
    messages(rule, { programKind: 'OVOP', targets: { newEntrepreneurs: 0, jobsCreated: 30, ikmUnits } });

  it('given exactly two IKM centres, when checked, then it passes', () => {
    expect(ovop(2)).toEqual([]);
  });

  it('given one IKM centre, when checked, then it asks for at least two', () => {
    expect(ovop(1)).toEqual([
      'Program OVOP harus melibatkan sedikitnya 2 sentra IKM, sedangkan usulan ini menyebut 1 (target unit IKM). ' +
        'Tambahkan sentra IKM yang dibina atau pilih jenis program lain.',
    ]);
  });

  it('given another programme kind with one IKM unit, when checked, then the rule does not apply', () => {
    expect(
      messages(rule, {
        programKind: 'SENTRA_IKM',
        targets: { newEntrepreneurs: 0, jobsCreated: 1, ikmUnits: 1 },
      }),
    ).toEqual([]);
  });
});
