import type { AllocationLine } from './allocation-report.js';
import {
  FUNDING_SOURCES,
  type FundingSource,
  type Proposal,
  type ProposalStatus,
  STATUS_LABELS_ID,
} from './proposal.js';

/**
 * The consolidated programme of a fiscal year, as the coordination meeting (Rapat Koordinasi)
 * reads it: per district its proposals and their status, what they ask of each source (the
 * sharing matrix), what was allocated, their summed targets, per commodity and KIID, and the
 * districts that sent nothing. What is asked of APBN (Kemenperin's part) is kept apart from the
 * province's and the districts' own money (APBD). Pure: built from the year's proposals and
 * allocation lines, so `allocated` is the allocation report's total to the rupiah.
 */
export type BySource = Record<FundingSource, number>;

export interface Targets {
  newEntrepreneurs: number;
  jobsCreated: number;
  ikmUnits: number;
}

export interface ProgrammeProposal {
  id: string;
  revision: number;
  version: number;
  title: string;
  programKind: Proposal['programKind'];
  commodity: string;
  /** The KIID commodity it counts as, or null. */
  kiid: string | null;
  status: ProposalStatus;
  statusLabel: string;
  funding: BySource;
  requested: number;
  allocated: number;
  targets: Targets;
}

export interface ProgrammeDistrict {
  districtCode: string;
  districtName: string;
  proposals: ProgrammeProposal[];
  /** Asked per source by the proposals still on the table (not rejected, not withdrawn). */
  funding: BySource;
  requested: number;
  allocated: number;
  targets: Targets;
}

export interface CommodityLine {
  commodity: string;
  kiid: string | null;
  proposals: number;
  requested: number;
  allocated: number;
}

export interface Programme {
  fiscalYear: number;
  districts: ProgrammeDistrict[];
  silentDistricts: string[];
  totals: {
    requested: number;
    allocated: number;
    bySource: BySource;
    allocatedBySource: BySource;
    /** Kemenperin's part (APBN) against the province's and districts' own money (APBD). */
    apbn: { requested: number; allocated: number };
    regional: { requested: number; allocated: number };
    targets: Targets;
    byCommodity: CommodityLine[];
    kiid: { proposals: number; requested: number; allocated: number };
  };
}

/** A withdrawn proposal is off the table; it does not count as the district having submitted. */
export const countsAsSubmitted = (status: ProposalStatus): boolean => status !== 'WITHDRAWN';

/** Still asking for money: submitted and neither rejected nor withdrawn. */
const stillAsking = (status: ProposalStatus): boolean => status !== 'WITHDRAWN' && status !== 'REJECTED';

const noSources = (): BySource => ({ APBN: 0, APBD_PROVINSI: 0, APBD_KABUPATEN_KOTA: 0 });
const noTargets = (): Targets => ({ newEntrepreneurs: 0, jobsCreated: 0, ikmUnits: 0 });
const sum = (values: Iterable<number>): number => {
  let total = 0;
  for (const v of values) total += v;
  return total;
};
const addTargets = (into: Targets, t: Targets): void => {
  into.newEntrepreneurs += t.newEntrepreneurs;
  into.jobsCreated += t.jobsCreated;
  into.ikmUnits += t.ikmUnits;
};

export interface ProgrammeInput {
  fiscalYear: number;
  proposals: readonly Pick<
    Proposal,
    | 'id'
    | 'revision'
    | 'version'
    | 'fiscalYear'
    | 'districtCode'
    | 'title'
    | 'programKind'
    | 'commodity'
    | 'status'
    | 'funding'
    | 'targets'
    | 'createdAt'
  >[];
  allocations: readonly AllocationLine[];
  /** Every district of the province, code → name. */
  districts: ReadonlyMap<string, string>;
  /** The KIID commodity a commodity counts as (the province's list), or undefined. */
  kiidOf: (commodity: string) => string | undefined;
}

export function buildProgramme(input: ProgrammeInput): Programme {
  const allocatedOf = new Map<string, BySource>();
  for (const line of input.allocations) {
    const bySource = allocatedOf.get(line.proposalId) ?? noSources();
    bySource[line.source] += line.amount;
    allocatedOf.set(line.proposalId, bySource);
  }

  const byDistrict = new Map<string, ProgrammeDistrict>();
  const district = (code: string): ProgrammeDistrict => {
    let d = byDistrict.get(code);
    if (!d) {
      d = {
        districtCode: code,
        districtName: input.districts.get(code) ?? code,
        proposals: [],
        funding: noSources(),
        requested: 0,
        allocated: 0,
        targets: noTargets(),
      };
      byDistrict.set(code, d);
    }
    return d;
  };

  const commodities = new Map<string, CommodityLine>();
  const totals: Programme['totals'] = {
    requested: 0,
    allocated: sum(input.allocations.map((l) => l.amount)),
    bySource: noSources(),
    allocatedBySource: noSources(),
    apbn: { requested: 0, allocated: 0 },
    regional: { requested: 0, allocated: 0 },
    targets: noTargets(),
    byCommodity: [],
    kiid: { proposals: 0, requested: 0, allocated: 0 },
  };

  const ordered = [...input.proposals]
    .filter((p) => p.fiscalYear === input.fiscalYear && countsAsSubmitted(p.status))
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  for (const p of ordered) {
    const funding = noSources();
    if (stillAsking(p.status)) for (const line of p.funding) funding[line.source] += line.amount;
    const allocated = sum(Object.values(allocatedOf.get(p.id) ?? noSources()));
    const kiid = input.kiidOf(p.commodity) ?? null;
    const requested = sum(Object.values(funding));
    const row: ProgrammeProposal = {
      id: p.id,
      revision: p.revision,
      version: p.version,
      title: p.title,
      programKind: p.programKind,
      commodity: p.commodity,
      kiid,
      status: p.status,
      statusLabel: STATUS_LABELS_ID[p.status],
      funding,
      requested,
      allocated,
      targets: { ...p.targets },
    };
    const d = district(p.districtCode);
    d.proposals.push(row);
    for (const s of FUNDING_SOURCES) d.funding[s] += funding[s];
    d.requested += requested;
    if (stillAsking(p.status)) addTargets(d.targets, p.targets);

    const c = commodities.get(p.commodity) ?? {
      commodity: p.commodity,
      kiid,
      proposals: 0,
      requested: 0,
      allocated: 0,
    };
    c.proposals++;
    c.requested += requested;
    c.allocated += allocated;
    commodities.set(p.commodity, c);
    if (kiid) {
      totals.kiid.proposals++;
      totals.kiid.requested += requested;
      totals.kiid.allocated += allocated;
    }
  }

  // Allocated per district and source from the lines themselves: the report's figures, whatever
  // became of the proposal since.
  for (const line of input.allocations) {
    district(line.districtCode).allocated += line.amount;
    totals.allocatedBySource[line.source] += line.amount;
  }

  const districts = [...byDistrict.values()].sort((a, b) => a.districtCode.localeCompare(b.districtCode));
  for (const d of districts) {
    for (const s of FUNDING_SOURCES) totals.bySource[s] += d.funding[s];
    totals.requested += d.requested;
    addTargets(totals.targets, d.targets);
  }
  totals.apbn = { requested: totals.bySource.APBN, allocated: totals.allocatedBySource.APBN };
  totals.regional = {
    requested: totals.bySource.APBD_PROVINSI + totals.bySource.APBD_KABUPATEN_KOTA,
    allocated: totals.allocatedBySource.APBD_PROVINSI + totals.allocatedBySource.APBD_KABUPATEN_KOTA,
  };
  totals.byCommodity = [...commodities.values()].sort(
    (a, b) => b.requested - a.requested || a.commodity.localeCompare(b.commodity),
  );

  const submitted = new Set(ordered.map((p) => p.districtCode));
  const silentDistricts = [...input.districts.keys()].filter((code) => !submitted.has(code)).sort();
  return { fiscalYear: input.fiscalYear, districts, silentDistricts, totals };
}

/** One proposal that differs from the finalised snapshot: added, removed, or changed fields. */
export interface ProgrammeChange {
  proposalId: string;
  districtCode: string;
  change: 'ADDED' | 'REMOVED' | 'CHANGED';
  /** For CHANGED: each field that differs, as it was and as it is. */
  fields: { field: string; snapshot: unknown; now: unknown }[];
}

const COMPARED: readonly (keyof ProgrammeProposal)[] = [
  'revision',
  'title',
  'programKind',
  'commodity',
  'status',
  'funding',
  'requested',
  'allocated',
  'targets',
];

/** JSON with object keys in order: a stored snapshot's maps come back in any key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value ?? null);
}

/** The proposals whose figures or status moved since the snapshot, by district then id. */
export function programmeChanges(snapshot: Programme, now: Programme): ProgrammeChange[] {
  const index = (p: Programme) =>
    new Map(
      p.districts.flatMap((d) => d.proposals.map((row) => [row.id, { d: d.districtCode, row }] as const)),
    );
  const before = index(snapshot);
  const after = index(now);
  const changes: ProgrammeChange[] = [];
  for (const [id, { d, row }] of after) {
    const old = before.get(id);
    if (!old) {
      changes.push({ proposalId: id, districtCode: d, change: 'ADDED', fields: [] });
      continue;
    }
    const fields = COMPARED.filter((f) => canonical(old.row[f]) !== canonical(row[f])).map((field) => ({
      field,
      snapshot: old.row[field],
      now: row[field],
    }));
    if (fields.length > 0) changes.push({ proposalId: id, districtCode: d, change: 'CHANGED', fields });
  }
  for (const [id, { d }] of before)
    if (!after.has(id)) changes.push({ proposalId: id, districtCode: d, change: 'REMOVED', fields: [] });
  return changes.sort(
    (a, b) => a.districtCode.localeCompare(b.districtCode) || a.proposalId.localeCompare(b.proposalId),
  );
}
