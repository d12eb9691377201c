import { formatRupiah } from '../../money.js';
import type { RuleInput } from '../context.js';
import type { RuleParams } from '../rule-set.js';
import { formatPercent } from '../shares.js';

/**
 * Restrukturisasi mesin/peralatan: the programme reimburses part of the price of new machines,
 * between a minimum and a maximum per firm. The proposal body has no firm list, so the number of
 * firms is `targets.ikmUnits` and the amount per firm is the total divided by it.
 */
export function checkMachineRestructuring(
  input: RuleInput,
  params: RuleParams<'MACHINE_RESTRUCTURING_LIMITS'>,
): string[] {
  const { proposal, total } = input;
  if (proposal.programKind !== 'RESTRUKTURISASI_MESIN') return [];
  const firms = proposal.targets.ikmUnits;
  const range = `${formatRupiah(params.minAmountPerFirm)} s.d. ${formatRupiah(params.maxAmountPerFirm)}`;
  if (!Number.isInteger(firms) || firms < 1) {
    return [
      'Program restrukturisasi mesin harus menyebut jumlah IKM penerima (target unit IKM); ' +
        `nilai penggantian per IKM (${range}) dihitung dari jumlah itu.`,
    ];
  }
  if (!input.fundingWellFormed) return [];

  const { domestic, imported } = params.reimbursementPercent;
  const machineValue = (amount: number, percent: number): string =>
    formatRupiah(Math.round((amount * 100) / percent));
  const equivalent = (amount: number): string =>
    `(penggantian ${formatPercent(domestic)} harga mesin dalam negeri atau ${formatPercent(imported)} mesin ` +
    `impor; ${formatRupiah(amount)} setara pembelian mesin ${machineValue(amount, domestic)} dalam negeri ` +
    `atau ${machineValue(amount, imported)} impor)`;
  const split = `${formatRupiah(total)} untuk ${firms} IKM`;

  if (total < params.minAmountPerFirm * firms) {
    const maxFirms = Math.floor(total / params.minAmountPerFirm);
    const raise = `anggaran menjadi sedikitnya ${formatRupiah(params.minAmountPerFirm * firms)}`;
    const fix =
      maxFirms >= 1
        ? `Kurangi jumlah IKM penerima menjadi paling banyak ${maxFirms} atau naikkan ${raise}.`
        : `Naikkan ${raise}.`;
    return [
      `Rata-rata penggantian per IKM ${formatRupiah(Math.floor(total / firms))} (${split}) di bawah ` +
        `minimal ${formatRupiah(params.minAmountPerFirm)} per IKM ${equivalent(params.minAmountPerFirm)}. ${fix}`,
    ];
  }
  if (total > params.maxAmountPerFirm * firms) {
    return [
      `Rata-rata penggantian per IKM ${formatRupiah(Math.ceil(total / firms))} (${split}) melebihi ` +
        `maksimal ${formatRupiah(params.maxAmountPerFirm)} per IKM ${equivalent(params.maxAmountPerFirm)}. ` +
        `Tambah jumlah IKM penerima menjadi sedikitnya ${Math.ceil(total / params.maxAmountPerFirm)} ` +
        'atau kurangi anggaran.',
    ];
  }
  return [];
}
