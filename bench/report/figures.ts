/** One measured number of the report. `value` null means the benchmark could not measure it (see `note`). */
export interface Figure {
  /** Stable JSON key, e.g. `api.postProposals.requestsPerSecond`. */
  key: string;
  label: string;
  value: number | null;
  unit: string;
  target?: Target;
  note?: string;
}

export interface Target {
  comparison: '<=' | '>=';
  value: number;
}

export const atMost = (value: number): Target => ({ comparison: '<=', value });
export const atLeast = (value: number): Target => ({ comparison: '>=', value });

export function meetsTarget(figure: Figure): boolean | null {
  if (!figure.target || figure.value === null || Number.isNaN(figure.value)) return null;
  return figure.target.comparison === '<='
    ? figure.value <= figure.target.value
    : figure.value >= figure.target.value;
}

/** The figures of one benchmark section, in the order they are printed. */
export interface Section {
  title: string;
  figures: Figure[];
  /** Facts a reader needs to interpret the numbers (how it was measured, what was counted). */
  notes?: string[];
  /** Machine-readable detail kept in the JSON only (per-function rows, raw counts). */
  details?: Record<string, unknown>;
}

/** A section that could not run: every figure it would have produced is reported as null, with the reason. */
export function failedSection(
  title: string,
  keys: Array<Pick<Figure, 'key' | 'label' | 'unit' | 'target'>>,
  error: unknown,
): Section {
  const reason = error instanceof Error ? error.message : String(error);
  return {
    title,
    figures: keys.map((k) => ({ ...k, value: null, note: `not measured: ${reason}` })),
    notes: [`failed: ${reason}`],
  };
}
