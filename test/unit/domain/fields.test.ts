import { describe, expect, it } from 'vitest';
import { actorOf } from '../../../functions/domain/caller.js';
import {
  districtCodeSchema,
  fiscalYearSchema,
  isDistrictCode,
  isProposalId,
  isWholeRupiah,
  parseFiscalYear,
  rupiahCeilingSchema,
  wholeRupiahSchema,
} from '../../../functions/domain/fields.js';

describe('the shared value rules', () => {
  it.each([
    ['2016', 2016],
    ['2000', 2000],
    ['2100', 2100],
    ['1999', null],
    ['2101', null],
    ['216', null],
    ['20166', null],
    ['2016 ', null],
    ['', null],
  ])('given the fiscal year text "%s", when parsed, then it is %s', (raw, expected) => {
    expect(parseFiscalYear(raw)).toBe(expected);
  });

  it('given a fiscal year as a number, when validated, then only whole years 2000–2100 pass', () => {
    expect(fiscalYearSchema.safeParse(2016).success).toBe(true);
    expect(fiscalYearSchema.safeParse(2016.5).success).toBe(false);
    expect(fiscalYearSchema.safeParse(1999).success).toBe(false);
  });

  it.each([
    ['73.71', true],
    ['73.01', true],
    ['73.1', false],
    ['7371', false],
    ['74.71', false],
    [' 73.71', false],
  ])('given the district code "%s", when checked, then it is valid: %s', (code, valid) => {
    expect(isDistrictCode(code)).toBe(valid);
    expect(districtCodeSchema.safeParse(code).success).toBe(valid);
  });

  it.each([
    ['01JD8Z3K6V0T4QH5N2W7XCY9RB', true],
    ['01jd8z3k6v0t4qh5n2w7xcy9rb', false],
    ['01JD8Z3K6V0T4QH5N2W7XCY9R', false],
    ['01JD8Z3K6V0T4QH5N2W7XCY9RU', false],
    ['../../etc/passwd', false],
  ])('given the proposal id "%s", when checked, then it is valid: %s', (id, valid) => {
    expect(isProposalId(id)).toBe(valid);
  });

  it('given amounts of money, when checked, then only positive whole rupiah within safe integers pass', () => {
    expect(isWholeRupiah(5_000_000)).toBe(true);
    expect(isWholeRupiah(0)).toBe(false);
    expect(isWholeRupiah(1.5)).toBe(false);
    expect(isWholeRupiah(Number.MAX_SAFE_INTEGER + 1)).toBe(false);
    expect(wholeRupiahSchema.safeParse(1.5).error?.issues[0]?.message).toBe('Jumlah harus rupiah bulat');
    expect(rupiahCeilingSchema.safeParse(0).success).toBe(true);
    expect(rupiahCeilingSchema.safeParse(-1).error?.issues[0]?.message).toBe('Pagu tidak boleh negatif');
  });

  it('given a caller, when named in the audit trail, then it is the address, else the subject id', () => {
    expect(actorOf({ id: 'sub-1', email: 'kabid@disperin.local' })).toBe('kabid@disperin.local');
    expect(actorOf({ id: 'sub-1', email: '' })).toBe('sub-1');
  });
});
