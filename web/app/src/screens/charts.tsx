import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartConfiguration,
  Legend,
  LinearScale,
  Tooltip,
} from 'chart.js';
import { useEffect, useRef } from 'preact/hooks';
import { formatRupiah } from '../format.js';
import { TableScroll } from '../ui.js';

// Only the pieces the dashboard draws: bar charts (keeps the dashboard's chunk small).
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

/** Colours with at least 3:1 contrast on white, told apart by more than hue alone (legend + table). */
const PALETTE = ['#0b3d91', '#b35900', '#2e7d32', '#6a1b9a', '#00695c', '#ad1457'];

export interface Series {
  label: string;
  values: number[];
}

/**
 * A bar chart with the same figures in a table beneath it: the canvas is a picture for sighted
 * readers (role img, summarised in its label), the table is what screen readers and Excel users get.
 */
export function BarChart({
  title,
  labels,
  series,
  money = false,
  horizontal = false,
}: {
  title: string;
  labels: string[];
  series: Series[];
  money?: boolean;
  horizontal?: boolean;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const fmt = (n: number) => (money ? formatRupiah(n) : String(n));
  useEffect(() => {
    if (!canvas.current) return;
    const config: ChartConfiguration<'bar'> = {
      type: 'bar',
      data: {
        labels,
        datasets: series.map((s, i) => ({
          label: s.label,
          data: s.values,
          backgroundColor: PALETTE[i % PALETTE.length],
        })),
      },
      options: {
        indexAxis: horizontal ? 'y' : 'x',
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: {
          legend: { display: series.length > 1 },
          tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${fmt(Number(c.raw))}` } },
        },
        scales: {
          [horizontal ? 'x' : 'y']: {
            beginAtZero: true,
            ticks: { precision: 0, callback: (v: string | number) => (money ? shortRupiah(Number(v)) : v) },
          },
        },
      },
    };
    const chart = new Chart(canvas.current, config);
    return () => chart.destroy();
  }, [labels, series, horizontal, money]);

  const height = horizontal ? Math.max(200, labels.length * 26 + 60) : 260;
  const summary = `${title}: ${labels
    .slice(0, 6)
    .map((l, i) => `${l} ${series.map((s) => fmt(s.values[i] ?? 0)).join(' / ')}`)
    .join('; ')}${labels.length > 6 ? '; …' : ''}`;
  return (
    <figure class="chart">
      <figcaption>{title}</figcaption>
      <div class="chart-box" style={{ height: `${height}px` }}>
        <canvas ref={canvas} role="img" aria-label={summary} />
      </div>
      <details>
        <summary>Tabel data: {title}</summary>
        <TableScroll label={`Tabel data: ${title}`}>
          <table>
            <thead>
              <tr>
                <th scope="col">&nbsp;</th>
                {series.map((s) => (
                  <th key={s.label} scope="col" class="num">
                    {s.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {labels.map((l, i) => (
                <tr key={l}>
                  <th scope="row">{l}</th>
                  {series.map((s) => (
                    <td key={s.label} class="num">
                      {fmt(s.values[i] ?? 0)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </details>
    </figure>
  );
}

/** Axis ticks: Rp 1,2 M (miliar) and Rp 350 jt (juta), as the office writes them in slides. */
function shortRupiah(n: number): string {
  if (n >= 1e9) return `Rp ${(n / 1e9).toLocaleString('id-ID', { maximumFractionDigits: 1 })} M`;
  if (n >= 1e6) return `Rp ${(n / 1e6).toLocaleString('id-ID', { maximumFractionDigits: 0 })} jt`;
  return `Rp ${n.toLocaleString('id-ID')}`;
}
