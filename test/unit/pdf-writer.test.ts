import { describe, expect, it } from 'vitest';
import { writePdf } from '../../functions/views/pdf-writer.js';

const latin1 = (bytes: Uint8Array) => String.fromCharCode(...bytes);

describe('The PDF writer', () => {
  it('Given 200 lines of text, then they run over several pages and each page is counted in the page tree', () => {
    const lines = Array.from({ length: 200 }, (_, i) => ({ font: 'mono' as const, text: `baris ${i}` }));
    const pdf = latin1(writePdf(lines, { title: 'Uji', created: '2016-01-01T00:00:00Z' }));
    const pages = (pdf.match(/\/Type \/Page /g) ?? []).length;
    expect(pages).toBeGreaterThan(2);
    expect(pdf).toContain(`/Count ${pages}`);
    expect(pdf).toContain('(baris 0)');
    expect(pdf).toContain('(baris 199)');
    expect(pdf).toContain(`halaman ${pages} dari ${pages}`);
  });

  it('Given any document, then every cross-reference offset points at its object and startxref at the table', () => {
    const pdf = latin1(
      writePdf([{ font: 'title', text: 'Judul (uji) \\ miring' }], {
        title: 'Uji',
        created: '2016-01-01T00:00:00Z',
      }),
    );
    const xrefAt = Number(/startxref\n(\d+)/.exec(pdf)?.[1]);
    expect(pdf.slice(xrefAt, xrefAt + 4)).toBe('xref');
    const offsets = [...pdf.slice(xrefAt).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
    const objectAt = (offset: number, i: number) => pdf.slice(offset, offset + `${i + 1} 0 obj`.length);
    expect(offsets.length).toBeGreaterThan(5);
    expect(offsets.map(objectAt)).toEqual(offsets.map((_, i) => `${i + 1} 0 obj`));
    // Parentheses and backslashes are escaped inside PDF strings.
    expect(pdf).toContain('(Judul \\(uji\\) \\\\ miring)');
  });

  it('Given text outside Latin-1, then typographic dashes become "-" and the rest "?"', () => {
    const pdf = latin1(
      writePdf([{ font: 'body', text: 'a – b 漢' }], { title: 'Uji', created: '2016-01-01T00:00:00Z' }),
    );
    expect(pdf).toContain('(a - b ?)');
  });
});
