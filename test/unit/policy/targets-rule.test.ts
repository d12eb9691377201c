import { describe, expect, it } from 'vitest';
import { checkPolicy } from '../../../functions/domain/policy/check-policy.js';
import { rule2016, ruleSetOf, validContext, withProposal } from './fixtures.js';

// 2016: at most Rp 75.000.000 per job and Rp 50.000.000 per new entrepreneur; the sample proposal
// costs Rp 850.000.000.
const rule = rule2016('TARGETS_PLAUSIBLE');
const ctx = validContext({ ruleSet: ruleSetOf(rule) });
const check = (
  targets: { newEntrepreneurs: number; jobsCreated: number; ikmUnits?: number },
  programKind: Parameters<typeof withProposal>[1]['programKind'] = 'WIRAUSAHA_BARU',
) => checkPolicy(withProposal(ctx, { programKind, targets: { ikmUnits: 0, ...targets } }));

describe('TARGETS_PLAUSIBLE (target-wajar, a warning in 2016)', () => {
  it('given a cost per new entrepreneur exactly at the bound (Rp 850.000.000 for 17), when checked, then it passes', () => {
    // 850.000.000 / 17 = 50.000.000 per entrepreneur; / 12 jobs = 70.833.334 per job.
    expect(check({ newEntrepreneurs: 17, jobsCreated: 12 }).findings).toEqual([]);
  });

  it('given a cost per new entrepreneur just above the bound, when checked, then it warns with the cost and the target needed', () => {
    const result = check({ newEntrepreneurs: 16, jobsCreated: 120 });
    expect(result.outcome).toBe('WARN');
    expect(result.findings).toEqual([
      {
        ruleId: 'target-wajar',
        source: 'PROVINSI',
        severity: 'WARNING',
        message:
          'Biaya per wirausaha baru Rp 53.125.000 (Rp 850.000.000 untuk 16 wirausaha) melebihi batas kewajaran ' +
          'Rp 50.000.000. Periksa kembali target atau anggaran; agar wajar, target wirausaha baru sedikitnya 17 ' +
          'wirausaha.',
      },
    ]);
  });

  it('given a cost per job one rupiah above Rp 75.000.000, when checked, then it warns', () => {
    const oneAbove = withProposal(ctx, {
      funding: [{ source: 'APBD_PROVINSI', amount: 750_000_010 }],
      targets: { newEntrepreneurs: 20, jobsCreated: 10, ikmUnits: 0 },
    });
    expect(checkPolicy(oneAbove).findings.map((f) => f.message)).toEqual([
      expect.stringMatching(
        /^Biaya per tenaga kerja Rp 75\.000\.001 \(Rp 750\.000\.010 untuk 10 orang\) melebihi/,
      ),
    ]);
    const atBound = withProposal(oneAbove, { funding: [{ source: 'APBD_PROVINSI', amount: 750_000_000 }] });
    expect(checkPolicy(atBound).findings).toEqual([]);
  });

  it('given WIRAUSAHA_BARU without targets, when checked, then it asks for both targets', () => {
    expect(check({ newEntrepreneurs: 0, jobsCreated: 0 }).findings.map((f) => f.message)).toEqual([
      'Target tenaga kerja yang terserap wajib diisi (lebih dari 0) untuk program Penumbuhan Wirausaha Baru.',
      'Target wirausaha baru wajib diisi (lebih dari 0) untuk program Penumbuhan Wirausaha Baru.',
    ]);
  });

  it('given PROMOSI without targets, when checked, then nothing is required and no cost is computed', () => {
    expect(check({ newEntrepreneurs: 0, jobsCreated: 0 }, 'PROMOSI').findings).toEqual([]);
  });

  it('given SENTRA_IKM with jobs but no new entrepreneurs, when checked, then only jobs are required', () => {
    expect(check({ newEntrepreneurs: 0, jobsCreated: 20 }, 'SENTRA_IKM').findings).toEqual([]);
    expect(
      check({ newEntrepreneurs: 5, jobsCreated: 0 }, 'SENTRA_IKM').findings.map((f) => f.message),
    ).toEqual([
      'Target tenaga kerja yang terserap wajib diisi (lebih dari 0) untuk program Pengembangan Sentra IKM.',
      expect.stringMatching(/^Biaya per wirausaha baru Rp 170\.000\.000/),
    ]);
  });
});
