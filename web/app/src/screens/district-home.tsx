import { allPages } from '../api.js';
import { formatRupiah, PROGRAM_KIND_LABELS_ID } from '../format.js';
import { linkProps } from '../router.js';
import type { Person } from '../session.js';
import { ErrorNote, Loading, StatusBadge, useLoad, useYear, YearPicker } from '../ui.js';
import type { Proposal } from './types.js';

/** A district's proposals of a year with their status: the operator's home screen. */
export function DistrictHome({ person }: { person: Person }) {
  const [year, setYear] = useYear();
  const { data, error } = useLoad(() => allPages<Proposal>(`/proposals?fiscalYear=${year}`), [year]);
  return (
    <main id="main" tabIndex={-1}>
      <div class="heading-row">
        <h1>Usulan {person.districtCode}</h1>
        <a class="button primary" {...linkProps('usulan/baru')}>
          Usulan baru
        </a>
      </div>
      <YearPicker year={year} onChange={setYear} />
      <ErrorNote error={error} />
      {!data && !error && <Loading />}
      {data && data.length === 0 && <p>Belum ada usulan untuk TA {year}.</p>}
      {data && data.length > 0 && (
        <ul class="cards">
          {data.map((p) => (
            <li key={p.id} class="card">
              <a {...linkProps(`usulan/${p.id}`)} class="card-link">
                <span class="title">{p.title}</span>
              </a>
              <StatusBadge status={p.status} label={p.statusLabel} />
              <p class="meta">
                {PROGRAM_KIND_LABELS_ID[p.programKind as keyof typeof PROGRAM_KIND_LABELS_ID] ??
                  p.programKind}{' '}
                · {p.commodity} · {formatRupiah(p.totalAmount)} · revisi {p.revision}
              </p>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
