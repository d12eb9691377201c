import { zipFiles } from './zip-writer.js';

/**
 * A minimal writer of Office Open XML workbooks (.xlsx): sheets of text and number cells, a bold
 * header row frozen at the top with a filter, column widths, and the few number formats reports
 * need. Small on purpose: a full spreadsheet library would add a megabyte to the function that
 * serves the report, which needs none of its reading or formula features.
 */

export type CellStyle = 'text' | 'rupiah' | 'integer';

export interface SheetColumn {
  header: string;
  width: number;
  style: CellStyle;
}

export interface Sheet {
  /** At most 31 characters, none of : \ / ? * [ ] (Excel's rules). */
  name: string;
  columns: SheetColumn[];
  rows: (string | number)[][];
  /** A last row in bold (e.g. the total), under the filtered rows. */
  totalRow?: (string | number | null)[];
}

export interface WorkbookMeta {
  title: string;
  creator: string;
  /** ISO 8601; fixed by the caller so that the same data gives the same bytes. */
  created: string;
}

/** Whole rupiah with the reader's thousands separator: Rp 1.250.000.000 in an Indonesian Excel. */
export const RUPIAH_FORMAT = '"Rp "#,##0';
const RUPIAH_FORMAT_ID = 164;

// cellXfs indexes: 0 default, then per style a regular and a bold variant.
const STYLE_INDEX: Record<CellStyle, [number, number]> = { text: [1, 4], rupiah: [2, 5], integer: [3, 6] };

const escapeXml = (text: string): string =>
  text
    // Characters XML 1.0 cannot carry at all.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the ones to drop
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

function cell(ref: string, value: string | number | null, styleIndex: number): string {
  if (value === null || value === '') return `<c r="${ref}" s="${styleIndex}"/>`;
  if (typeof value === 'number') return `<c r="${ref}" s="${styleIndex}"><v>${value}</v></c>`;
  return `<c r="${ref}" s="${styleIndex}" t="inlineStr"><is><t xml:space="preserve">${escapeXml(value)}</t></is></c>`;
}

function sheetXml(sheet: Sheet): string {
  const lastColumn = columnName(sheet.columns.length - 1);
  const header = sheet.columns.map((c, i) => cell(`${columnName(i)}1`, c.header, 4)).join('');
  const body = sheet.rows.map((row, r) => {
    const cells = sheet.columns.map((c, i) =>
      cell(`${columnName(i)}${r + 2}`, row[i] ?? null, STYLE_INDEX[c.style][0]),
    );
    return `<row r="${r + 2}">${cells.join('')}</row>`;
  });
  if (sheet.totalRow) {
    const r = sheet.rows.length + 2;
    const cells = sheet.columns.map((c, i) =>
      cell(`${columnName(i)}${r}`, sheet.totalRow?.[i] ?? null, STYLE_INDEX[c.style][1]),
    );
    body.push(`<row r="${r}">${cells.join('')}</row>`);
  }
  const cols = sheet.columns
    .map(
      (c, i) =>
        `<col min="${i + 1}" max="${i + 1}" width="${c.width}" customWidth="1" style="${STYLE_INDEX[c.style][0]}"/>`,
    )
    .join('');
  const filter = sheet.rows.length > 0 ? `<autoFilter ref="A1:${lastColumn}${sheet.rows.length + 1}"/>` : '';
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>
<sheetFormatPr defaultRowHeight="15"/><cols>${cols}</cols>
<sheetData><row r="1">${header}</row>${body.join('')}</sheetData>${filter}
</worksheet>`;
}

const STYLES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="1"><numFmt numFmtId="${RUPIAH_FORMAT_ID}" formatCode="${escapeXml(RUPIAH_FORMAT)}"/></numFmts>
<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>
<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="7">
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="${RUPIAH_FORMAT_ID}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="1" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="49" fontId="1" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1"/>
<xf numFmtId="${RUPIAH_FORMAT_ID}" fontId="1" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1"/>
<xf numFmtId="1" fontId="1" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1"/>
</cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>`;

/** The workbook's bytes. Names and widths are the caller's; every sheet gets a frozen, filtered header. */
export function writeXlsx(sheets: readonly Sheet[], meta: WorkbookMeta): Uint8Array {
  for (const s of sheets) {
    if (s.name.length > 31 || /[:\\/?*[\]]/.test(s.name)) throw new Error(`Invalid sheet name: ${s.name}`);
  }
  const sheetEntries = sheets.map((_, i) => i + 1);
  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': utf8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
${sheetEntries.map((n) => `<Override PartName="/xl/worksheets/sheet${n}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('\n')}
</Types>`),
    '_rels/.rels': utf8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>
</Relationships>`),
    'docProps/core.xml': utf8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<dc:title>${escapeXml(meta.title)}</dc:title><dc:creator>${escapeXml(meta.creator)}</dc:creator>
<dcterms:created xsi:type="dcterms:W3CDTF">${meta.created}</dcterms:created>
</cp:coreProperties>`),
    'xl/workbook.xml': utf8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets>${sheets.map((s, i) => `<sheet name="${escapeXml(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets>
<definedNames>${sheets
      .map((s, i) =>
        s.rows.length > 0
          ? `<definedName name="_xlnm._FilterDatabase" localSheetId="${i}" hidden="1">'${escapeXml(s.name.replace(/'/g, "''"))}'!$A$1:$${columnName(s.columns.length - 1)}$${s.rows.length + 1}</definedName>`
          : '',
      )
      .join('')}</definedNames>
</workbook>`),
    'xl/_rels/workbook.xml.rels': utf8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
${sheetEntries.map((n) => `<Relationship Id="rId${n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${n}.xml"/>`).join('\n')}
<Relationship Id="rId${sheets.length + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
</Relationships>`),
    'xl/styles.xml': utf8(STYLES),
  };
  sheets.forEach((s, i) => {
    files[`xl/worksheets/sheet${i + 1}.xml`] = utf8(sheetXml(s));
  });
  // A fixed time in the zip entries as well: the same data, the same bytes.
  return zipFiles(files, new Date(meta.created));
}

const utf8 = (text: string): Uint8Array => Buffer.from(text, 'utf8');
