import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { zipFiles } from '../../functions/views/zip-writer.js';

const files = {
  '[Content_Types].xml': Buffer.from('<Types/>'),
  'xl/worksheets/sheet1.xml': Buffer.from(`<sheetData>${'<row r="1"/>'.repeat(500)}</sheetData>`),
  'docProps/judul-ñ.xml': Buffer.from('Kabupaten Barru · Rp 1.250.000.000'),
  'kosong.txt': Buffer.alloc(0),
};
const at = new Date('2016-03-07T13:45:58Z');

describe('Given files zipped by the workbook zip writer', () => {
  it('when another zip reader opens it, then every file comes back whole under its UTF-8 name', () => {
    const back = unzipSync(zipFiles(files, at));
    expect(Object.keys(back)).toEqual(Object.keys(files));
    for (const [name, data] of Object.entries(files))
      expect(strFromU8(back[name] as Uint8Array), name).toBe(data.toString());
  });

  it('then the entries are compressed, dated in UTC to two seconds, and the same files give the same bytes', () => {
    const zip = zipFiles(files, at);
    expect(zip.length).toBeLessThan(files['xl/worksheets/sheet1.xml'].length);
    expect(zip.equals(zipFiles(files, at))).toBe(true);
    // First local header: method 8 (deflate), then the DOS time and date.
    expect(zip.readUInt32LE(0)).toBe(0x04034b50);
    expect(zip.readUInt16LE(8)).toBe(8);
    expect(zip.readUInt16LE(10)).toBe((13 << 11) | (45 << 5) | (58 >> 1));
    expect(zip.readUInt16LE(12)).toBe(((2016 - 1980) << 9) | (3 << 5) | 7);
    // The end record counts the four entries.
    expect(zip.readUInt32LE(zip.length - 22)).toBe(0x06054b50);
    expect(zip.readUInt16LE(zip.length - 12)).toBe(4);
  });
});
