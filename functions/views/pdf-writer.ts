/**
 * A minimal writer of PDF 1.4 documents of plain text lines: A4 landscape pages, the standard
 * Helvetica (titles) and Courier (tables, so that columns line up) fonts, which every reader has,
 * in WinAnsi encoding. Small on purpose: the programme for the meeting needs lines of text and
 * figures, not a layout engine, and a PDF library would add megabytes to the function.
 */
export interface PdfLine {
  text: string;
  font: 'title' | 'heading' | 'body' | 'mono';
}

const PAGE = { width: 842, height: 595, margin: 36 };
const STYLE: Record<PdfLine['font'], { font: string; size: number; leading: number }> = {
  title: { font: 'F1', size: 14, leading: 20 },
  heading: { font: 'F1', size: 11, leading: 16 },
  body: { font: 'F2', size: 9, leading: 12 },
  mono: { font: 'F3', size: 7.5, leading: 9.5 },
};

/** Typographic marks people paste into titles, as the nearest Latin-1 character. */
const NEAREST: Record<string, string> = {
  '\u2013': '-',
  '\u2014': '-',
  '\u2018': "'",
  '\u2019': "'",
  '\u201c': '"',
  '\u201d': '"',
};

/** Text as WinAnsi bytes inside a PDF string: Latin-1 kept, anything else shown as "?". */
function pdfString(text: string): string {
  let out = '';
  for (const raw of text) {
    const ch = NEAREST[raw] ?? raw;
    const code = ch.codePointAt(0) ?? 63;
    const byte = code < 32 || code > 255 || (code > 126 && code < 160) ? 63 : code;
    const c = String.fromCharCode(byte);
    out += c === '\\' || c === '(' || c === ')' ? `\\${c}` : c;
  }
  return `(${out})`;
}

/** Splits lines across pages by their leading; a page never starts with the rest of a line. */
function paginate(lines: readonly PdfLine[]): PdfLine[][] {
  const pages: PdfLine[][] = [[]];
  let y = PAGE.height - PAGE.margin;
  for (const line of lines) {
    const { leading } = STYLE[line.font];
    if (y - leading < PAGE.margin) {
      pages.push([]);
      y = PAGE.height - PAGE.margin;
    }
    pages.at(-1)?.push(line);
    y -= leading;
  }
  return pages;
}

function contentStream(lines: readonly PdfLine[], pageNo: number, pageCount: number, footer: string): string {
  const ops: string[] = [];
  let y = PAGE.height - PAGE.margin;
  for (const line of lines) {
    const s = STYLE[line.font];
    y -= s.leading;
    ops.push(`BT /${s.font} ${s.size} Tf ${PAGE.margin} ${y.toFixed(1)} Td ${pdfString(line.text)} Tj ET`);
  }
  ops.push(
    `BT /F2 7 Tf ${PAGE.margin} 18 Td ${pdfString(`${footer} - halaman ${pageNo} dari ${pageCount}`)} Tj ET`,
  );
  return ops.join('\n');
}

/** The document's bytes. `created` (ISO 8601) is fixed by the caller: the same data, the same bytes. */
export function writePdf(lines: readonly PdfLine[], meta: { title: string; created: string }): Uint8Array {
  const pages = paginate(lines);
  const objects: string[] = [];
  const add = (body: string): number => objects.push(body);
  add('<< /Type /Catalog /Pages 2 0 R >>');
  add(''); // the page tree, filled in once the pages have their numbers
  const fonts = ['Helvetica-Bold', 'Helvetica', 'Courier'].map((name) =>
    add(`<< /Type /Font /Subtype /Type1 /BaseFont /${name} /Encoding /WinAnsiEncoding >>`),
  );
  const resources = `<< /Font << ${fonts.map((n, i) => `/F${i + 1} ${n} 0 R`).join(' ')} >> >>`;
  const kids = pages.map((pageLines, i) => {
    const stream = contentStream(pageLines, i + 1, pages.length, meta.title);
    const content = add(`<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`);
    return add(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${PAGE.width} ${PAGE.height}] /Resources ${resources} /Contents ${content} 0 R >>`,
    );
  });
  objects[1] = `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`;
  const date = meta.created.replace(/[-:T]/g, '').slice(0, 14);
  const info = add(
    `<< /Title ${pdfString(meta.title)} /Producer (ikm-proposal) /CreationDate (D:${date}Z) >>`,
  );

  let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  out += offsets.map((o) => `${o.toString().padStart(10, '0')} 00000 n \n`).join('');
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info ${info} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  // Every character is below 256 (pdfString sees to it), so one character is one byte.
  return Uint8Array.from(out, (c) => c.charCodeAt(0));
}
