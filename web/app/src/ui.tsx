import type { ComponentChildren, ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from './api.js';

/** Loads data once per change of `deps`; the screen shows loading, the API's message, or the data. */
export function useLoad<T>(
  load: () => Promise<T>,
  deps: unknown[],
): {
  data: T | undefined;
  error: ApiError | undefined;
  reload: () => void;
} {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<ApiError>();
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setError(undefined);
    load().then(
      (d) => live && setData(d),
      (e: unknown) => live && setError(e instanceof ApiError ? e : new ApiError(0, 'CLIENT', String(e))),
    );
    return () => {
      live = false;
    };
  }, [...deps, tick]);
  return { data, error, reload: () => setTick((t) => t + 1) };
}

export function ErrorNote({ error }: { error: ApiError | undefined }) {
  if (!error) return null;
  return (
    <div role="alert" class="error">
      <p>{error.message}</p>
      {error.details.length > 0 && (
        <ul>
          {error.details.map((d) => (
            <li key={d.path + d.message}>
              {d.path ? <code>{d.path}</code> : null} {d.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function Loading() {
  return (
    <p class="loading" role="status">
      Memuat…
    </p>
  );
}

/** A screen in its own chunk (the dashboard's charts, the admin forms): loaded when first shown. */
export function Lazy<P extends object>({ load, props }: { load: () => Promise<ComponentType<P>>; props: P }) {
  const [Component, setComponent] = useState<ComponentType<P>>();
  useEffect(() => {
    load().then((c) => setComponent(() => c));
  }, []);
  return Component ? <Component {...props} /> : <Loading />;
}

export function StatusBadge({ status, label }: { status: string; label: string }) {
  return <span class={`badge s-${status.toLowerCase()}`}>{label}</span>;
}

export function YearPicker({ year, onChange }: { year: number; onChange: (y: number) => void }) {
  const years = Array.from({ length: 15 }, (_, i) => 2016 + i);
  return (
    <label class="inline">
      Tahun anggaran{' '}
      <select value={year} onChange={(e) => onChange(Number((e.target as HTMLSelectElement).value))}>
        {years.map((y) => (
          <option key={y} value={y}>
            {y}
          </option>
        ))}
      </select>
    </label>
  );
}

const YEAR_KEY = 'ikm.year';
/** The fiscal year the person works on, remembered for the session. */
export function useYear(): [number, (y: number) => void] {
  const [year, setYear] = useState(() => Number(sessionStorage.getItem(YEAR_KEY)) || 2016);
  return [
    year,
    (y: number) => {
      sessionStorage.setItem(YEAR_KEY, String(y));
      setYear(y);
    },
  ];
}

/** A wide table on a narrow screen scrolls inside its own region, reachable by keyboard (WCAG 2.1.1). */
export function TableScroll({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take focus to be scrolled by keyboard
    <section class="table-scroll" aria-label={label} tabIndex={0}>
      {children}
    </section>
  );
}
