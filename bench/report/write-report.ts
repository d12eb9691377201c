import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type Figure, meetsTarget, type Section } from './figures.js';
import type { MachineInfo } from './machine.js';

export interface BenchReport {
  generatedAt: string;
  mode: 'full' | 'quick';
  command: string;
  durationSeconds: number;
  machine: MachineInfo;
  sections: Section[];
}

/** The JSON written to bench/results/latest.json: one key per figure, with its unit, beside the machine. */
export function toJson(report: BenchReport): Record<string, unknown> {
  const figures: Record<string, unknown> = {};
  for (const section of report.sections) {
    for (const f of section.figures) {
      if (f.key in figures) throw new Error(`figure key ${f.key} is reported twice`);
      figures[f.key] = {
        value: f.value,
        unit: f.unit,
        label: f.label,
        section: section.title,
        ...(f.target
          ? { target: `${f.target.comparison} ${f.target.value}`, meetsTarget: meetsTarget(f) }
          : {}),
        ...(f.note ? { note: f.note } : {}),
      };
    }
  }
  return {
    generatedAt: report.generatedAt,
    mode: report.mode,
    command: report.command,
    durationSeconds: report.durationSeconds,
    machine: report.machine,
    figures,
    sections: Object.fromEntries(
      report.sections.map((s) => [s.title, { notes: s.notes ?? [], details: s.details ?? {} }]),
    ),
  };
}

export async function writeJsonReport(path: string, report: BenchReport): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(toJson(report), null, 2)}\n`);
}

export function formatValue(value: number | null, unit: string): string {
  if (value === null || Number.isNaN(value)) return '—';
  const abs = Math.abs(value);
  const digits = unit === 'USD' ? (abs >= 1 ? 2 : 4) : abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  const text = value.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  return unit === 'USD' ? `$${text}` : `${text} ${unit}`;
}

function status(f: Figure): string {
  const ok = meetsTarget(f);
  return ok === null ? '' : ok ? 'ok' : 'MISS';
}

/** A plain-text table per section, for the terminal. */
export function renderTable(report: BenchReport): string {
  const lines: string[] = [];
  const m = report.machine;
  lines.push(
    `IKM proposal workflow benchmarks (${report.mode}), ${report.generatedAt}`,
    `${m.cpuCount} × ${m.cpuModel}, ${m.totalMemoryMB} MB RAM, Node ${m.nodeVersion} ${m.platform}/${m.arch}, ` +
      `commit ${m.commit.slice(0, 12)}${m.dirty ? ' (+ uncommitted changes)' : ''}, load average ${m.loadAverageAtStart} at start, CPU probe ${m.cpuProbeMs} ms`,
    '',
  );
  for (const section of report.sections) {
    const rows = section.figures.map((f) => [
      f.label,
      formatValue(f.value, f.unit),
      f.target ? `${f.target.comparison} ${formatValue(f.target.value, f.unit)}` : '',
      status(f),
    ]);
    const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => (r[i] ?? '').length), 0));
    lines.push(`== ${section.title}`);
    for (const r of rows) {
      lines.push(
        `  ${(r[0] ?? '').padEnd(widths[0] ?? 0)}  ${(r[1] ?? '').padStart(widths[1] ?? 0)}  ${(r[2] ?? '').padEnd(widths[2] ?? 0)}  ${r[3] ?? ''}`.trimEnd(),
      );
    }
    for (const f of section.figures) if (f.note && f.value === null) lines.push(`  ! ${f.label}: ${f.note}`);
    for (const note of section.notes ?? []) lines.push(`  · ${note}`);
    lines.push('');
  }
  lines.push(`Finished in ${report.durationSeconds.toFixed(0)} s.`);
  return lines.join('\n');
}
