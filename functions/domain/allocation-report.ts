import {
  FUNDING_SOURCE_LABELS_ID,
  FUNDING_SOURCES,
  type FundingSource,
  PROGRAM_KIND_LABELS_ID,
  PROGRAM_KINDS,
  type ProgramKind,
} from './proposal.js';

/** One allocation record: what one funding line of one proposal drew from its pool. */
export interface AllocationLine {
  districtCode: string;
  proposalId: string;
  programKind: ProgramKind;
  commodity: string;
  source: FundingSource;
  amount: number;
}

export interface AllocationReport {
  fiscalYear: number;
  total: number;
  byDistrict: { districtCode: string; districtName: string; amount: number; proposals: number }[];
  bySource: { source: FundingSource; sourceName: string; amount: number; proposals: number }[];
  byCommodity: { commodity: string; amount: number; proposals: number }[];
  byProgramKind: { programKind: ProgramKind; programKindName: string; amount: number; proposals: number }[];
}

interface Group {
  amount: number;
  proposals: Set<string>;
}

function groupBy<K>(lines: readonly AllocationLine[], keyOf: (line: AllocationLine) => K): Map<K, Group> {
  const groups = new Map<K, Group>();
  for (const line of lines) {
    const key = keyOf(line);
    let group = groups.get(key);
    if (!group) {
      group = { amount: 0, proposals: new Set() };
      groups.set(key, group);
    }
    group.amount += line.amount;
    group.proposals.add(line.proposalId);
  }
  return groups;
}

/**
 * Totals of a year's allocations by district, source, commodity and programme kind. `proposals`
 * counts distinct proposals, since one proposal has a line per source. Districts are listed by
 * code, sources and programme kinds in their fixed order, commodities largest first.
 */
export function summariseAllocations(
  fiscalYear: number,
  lines: readonly AllocationLine[],
  districtNames: ReadonlyMap<string, string>,
): AllocationReport {
  const byDistrict = [...groupBy(lines, (l) => l.districtCode)]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([districtCode, g]) => ({
      districtCode,
      districtName: districtNames.get(districtCode) ?? districtCode,
      amount: g.amount,
      proposals: g.proposals.size,
    }));
  const sources = groupBy(lines, (l) => l.source);
  const bySource = FUNDING_SOURCES.flatMap((source) => {
    const g = sources.get(source);
    return g
      ? [
          {
            source,
            sourceName: FUNDING_SOURCE_LABELS_ID[source],
            amount: g.amount,
            proposals: g.proposals.size,
          },
        ]
      : [];
  });
  const byCommodity = [...groupBy(lines, (l) => l.commodity)]
    .map(([commodity, g]) => ({ commodity, amount: g.amount, proposals: g.proposals.size }))
    .sort((a, b) => b.amount - a.amount || a.commodity.localeCompare(b.commodity));
  const kinds = groupBy(lines, (l) => l.programKind);
  const byProgramKind = PROGRAM_KINDS.flatMap((programKind) => {
    const g = kinds.get(programKind);
    return g
      ? [
          {
            programKind,
            programKindName: PROGRAM_KIND_LABELS_ID[programKind],
            amount: g.amount,
            proposals: g.proposals.size,
          },
        ]
      : [];
  });
  return {
    fiscalYear,
    total: lines.reduce((sum, l) => sum + l.amount, 0),
    byDistrict,
    bySource,
    byCommodity,
    byProgramKind,
  };
}

export const ALLOCATION_CSV_COLUMNS = [
  'districtCode',
  'districtName',
  'proposalId',
  'programKind',
  'commodity',
  'source',
  'amount',
] as const;

/** Spreadsheets run a cell starting with one of these as a formula (CSV injection, OWASP). */
const FORMULA_LEAD = /^[=+\-@\t\r]/;

/**
 * One CSV field per RFC 4180: quoted when it holds a comma, quote or line break, quotes doubled.
 * Text that a spreadsheet would take for a formula gets a leading single quote first; numbers are
 * written as plain integers, which cannot start a formula.
 */
export function csvField(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const safe = FORMULA_LEAD.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/**
 * A code that a spreadsheet must keep as text: 73.10 would become the number 73.1 (or 7310 where
 * the dot groups thousands, as in Indonesia). `="73.10"` is the one form every spreadsheet reads as
 * that text; our codes are validated patterns, so nothing else can ride in the formula.
 */
export function csvCode(value: string): string {
  if (!/^[0-9A-Za-z.]+$/.test(value)) return csvField(value);
  return `="${value}"`;
}

/** Byte order mark: without it Excel reads UTF-8 as the locale's code page (é, – turn into junk). */
export const UTF8_BOM = '\uFEFF';

/**
 * One row per allocation line, ordered by district, proposal and source; CRLF line ends (RFC 4180),
 * a UTF-8 byte order mark first and codes kept as text, so that the file opens right in Excel.
 */
export function allocationsCsv(
  lines: readonly AllocationLine[],
  districtNames: ReadonlyMap<string, string>,
): string {
  const rows = [...lines]
    .sort(
      (a, b) =>
        a.districtCode.localeCompare(b.districtCode) ||
        a.proposalId.localeCompare(b.proposalId) ||
        FUNDING_SOURCES.indexOf(a.source) - FUNDING_SOURCES.indexOf(b.source),
    )
    .map((l) =>
      [
        csvCode(l.districtCode),
        csvField(districtNames.get(l.districtCode) ?? l.districtCode),
        csvCode(l.proposalId),
        csvField(l.programKind),
        csvField(l.commodity),
        csvField(l.source),
        csvField(l.amount),
      ].join(','),
    );
  return UTF8_BOM + [ALLOCATION_CSV_COLUMNS.join(','), ...rows].map((row) => `${row}\r\n`).join('');
}
