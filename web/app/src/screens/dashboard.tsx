import { useMemo, useState } from 'preact/hooks';
import { type ApiError, allPages, api } from '../api.js';
import {
  FUNDING_SOURCE_LABELS_ID,
  FUNDING_SOURCES,
  formatRupiah,
  formatWita,
  STATUS_LABELS_ID,
} from '../format.js';
import { linkProps } from '../router.js';
import { type Person, session } from '../session.js';
import { ErrorNote, Loading, StatusBadge, TableScroll, useLoad, useYear, YearPicker } from '../ui.js';
import { BarChart } from './charts.js';
import type { Proposal } from './types.js';

interface Pools {
  items: { source: string; districtCode?: string; ceiling: number; allocated: number; remaining: number }[];
  totals: Record<string, { ceiling: number; allocated: number; remaining: number }>;
}
interface Report {
  total: number;
  byDistrict: { districtCode: string; districtName: string; amount: number }[];
  byCommodity: { commodity: string; amount: number }[];
}
interface PendingApproval {
  proposal: Proposal;
  stage: string;
  requestedAt?: string;
  overdueAt?: string;
}

/** The stages whose queue this person may read (GET /approvals: an approver of that stage, admin). */
async function pendingApprovals(person: Person, year: number): Promise<PendingApproval[] | null> {
  let stages: string[] = [];
  if (person.role === 'approver' && person.stage) stages = [person.stage];
  else if (person.role === 'admin') {
    const chain = await api<{ stages: { stage: string }[] }>('GET', `/approval-chains/${year}`).catch(
      () => null,
    );
    stages = chain?.stages.map((s) => s.stage) ?? ['KABID_IKM', 'KADIS'];
  } else return null;
  const lists = await Promise.all(
    stages.map((stage) =>
      api<{ items: PendingApproval[] }>(
        'GET',
        `/approvals?stage=${encodeURIComponent(stage)}&status=pending`,
      ).then((r) => r.items),
    ),
  );
  return lists.flat();
}

async function download(year: number, format: 'csv' | 'xlsx'): Promise<void> {
  const res = await fetch(`/reports/allocations?fiscalYear=${year}&format=${format}`, {
    headers: { authorization: `Bearer ${session.token() ?? ''}` },
  });
  if (!res.ok) throw new Error(`Unduhan gagal (${res.status})`);
  const url = URL.createObjectURL(await res.blob());
  const a = Object.assign(document.createElement('a'), { href: url, download: `alokasi-${year}.${format}` });
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The province's view of a fiscal year: status, money per source, districts, commodities, waitlist, queue. */
export function Dashboard({ person }: { person: Person }) {
  const [year, setYear] = useYear();
  const [approvalsError, setApprovalsError] = useState<ApiError>();
  const { data, error } = useLoad(
    () =>
      Promise.all([
        allPages<Proposal>(`/proposals?fiscalYear=${year}`),
        api<Pools>('GET', `/budget-pools?fiscalYear=${year}`),
        api<Report>('GET', `/reports/allocations?fiscalYear=${year}`),
        pendingApprovals(person, year).catch((e: ApiError) => {
          setApprovalsError(e);
          return null;
        }),
      ]),
    [year],
  );

  const derived = useMemo(() => {
    if (!data) return undefined;
    const [proposals, pools, report] = data;
    const counts = new Map<string, number>();
    for (const p of proposals) counts.set(p.status, (counts.get(p.status) ?? 0) + 1);
    const statuses = Object.keys(STATUS_LABELS_ID).filter((s) => counts.has(s));
    return {
      byStatus: {
        labels: statuses.map((s) => STATUS_LABELS_ID[s as keyof typeof STATUS_LABELS_ID]),
        series: [{ label: 'Usulan', values: statuses.map((s) => counts.get(s) ?? 0) }],
      },
      bySource: {
        labels: FUNDING_SOURCES.map((s) => FUNDING_SOURCE_LABELS_ID[s]),
        series: (['ceiling', 'allocated', 'remaining'] as const).map((k) => ({
          label: { ceiling: 'Pagu', allocated: 'Teralokasi', remaining: 'Sisa' }[k],
          values: FUNDING_SOURCES.map((s) => pools.totals[s]?.[k] ?? 0),
        })),
      },
      byDistrict: {
        labels: report.byDistrict.map((d) => d.districtName),
        series: [{ label: 'Alokasi', values: report.byDistrict.map((d) => d.amount) }],
      },
      byCommodity: {
        labels: report.byCommodity.slice(0, 15).map((c) => c.commodity),
        series: [{ label: 'Alokasi', values: report.byCommodity.slice(0, 15).map((c) => c.amount) }],
      },
      waitlist: proposals.filter((p) => p.status === 'WAITLISTED'),
      waiting: proposals.filter((p) => p.status === 'AWAITING_APPROVAL' || p.status === 'OVERDUE'),
    };
  }, [data]);

  const [downloadError, setDownloadError] = useState('');
  const get = (format: 'csv' | 'xlsx') => () =>
    download(year, format).catch((e: Error) => setDownloadError(e.message));

  return (
    <main id="main" tabIndex={-1}>
      <div class="heading-row">
        <h1>Dasbor TA {year}</h1>
        <YearPicker year={year} onChange={setYear} />
      </div>
      <ErrorNote error={error} />
      {!data && !error && <Loading />}
      {data && derived && (
        <>
          <section class="summary" aria-label="Ringkasan">
            <p>
              <strong>{data[0].length}</strong> usulan
            </p>
            <p>
              <strong>{formatRupiah(data[2].total)}</strong> teralokasi
            </p>
            <p>
              <strong>{derived.waitlist.length}</strong> daftar tunggu
            </p>
            <p>
              <strong>{derived.waiting.length}</strong> menunggu persetujuan
            </p>
          </section>
          <p class="downloads">
            Unduh laporan alokasi:{' '}
            <button type="button" onClick={get('xlsx')}>
              Excel (.xlsx)
            </button>{' '}
            <button type="button" onClick={get('csv')}>
              CSV
            </button>
            {downloadError && (
              <span role="alert" class="error">
                {downloadError}
              </span>
            )}
          </p>
          <div class="charts">
            <BarChart title="Usulan per status" {...derived.byStatus} />
            <BarChart title="Anggaran per sumber dana" money {...derived.bySource} />
            <BarChart title="Alokasi per kabupaten/kota" money horizontal {...derived.byDistrict} />
            <BarChart title="Alokasi per komoditas" money horizontal {...derived.byCommodity} />
          </div>

          <section aria-labelledby="approvals-title">
            <h2 id="approvals-title">Menunggu persetujuan</h2>
            <ErrorNote error={approvalsError} />
            {data[3] ? (
              <ApprovalQueue items={data[3]} />
            ) : (
              <ProposalTable
                proposals={derived.waiting}
                empty="Tidak ada usulan yang menunggu."
                label="Usulan menunggu persetujuan"
              />
            )}
          </section>

          <section aria-labelledby="waitlist-title">
            <h2 id="waitlist-title">Daftar tunggu</h2>
            <ProposalTable proposals={derived.waitlist} empty="Daftar tunggu kosong." label="Daftar tunggu" />
          </section>

          <section aria-labelledby="all-title">
            <h2 id="all-title">Semua usulan</h2>
            <ProposalTable proposals={data[0]} empty="Belum ada usulan." label="Semua usulan" />
          </section>
        </>
      )}
    </main>
  );
}

function ApprovalQueue({ items }: { items: PendingApproval[] }) {
  if (items.length === 0) return <p>Tidak ada persetujuan yang menunggu.</p>;
  const now = Date.now();
  return (
    <TableScroll label="Tabel persetujuan yang menunggu">
      <table>
        <thead>
          <tr>
            <th scope="col">Usulan</th>
            <th scope="col">Tahap</th>
            <th scope="col">Diminta</th>
            <th scope="col">Batas waktu</th>
          </tr>
        </thead>
        <tbody>
          {items.map((i) => {
            const id = i.proposal.id;
            const overdue = i.overdueAt ? Date.parse(i.overdueAt) < now : false;
            return (
              <tr key={id + i.stage} class={overdue ? 'overdue' : ''}>
                <td>
                  <a {...linkProps(`usulan/${id}`)}>{i.proposal.title}</a>
                  <span class="meta"> · {i.proposal.districtCode}</span>
                </td>
                <td>{i.stage}</td>
                <td>{i.requestedAt ? formatWita(i.requestedAt) : '—'}</td>
                <td>
                  {i.overdueAt ? formatWita(i.overdueAt) : '—'}
                  {overdue && <strong> (lewat batas)</strong>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableScroll>
  );
}

function ProposalTable({ proposals, empty, label }: { proposals: Proposal[]; empty: string; label: string }) {
  if (proposals.length === 0) return <p>{empty}</p>;
  return (
    <TableScroll label={label}>
      <table>
        <thead>
          <tr>
            <th scope="col">Usulan</th>
            <th scope="col">Kab/kota</th>
            <th scope="col">Status</th>
            <th scope="col" class="num">
              Jumlah
            </th>
          </tr>
        </thead>
        <tbody>
          {proposals.map((p) => (
            <tr key={p.id}>
              <td>
                <a {...linkProps(`usulan/${p.id}`)}>{p.title}</a>
              </td>
              <td>{p.districtCode}</td>
              <td>
                <StatusBadge status={p.status} label={p.statusLabel} />
              </td>
              <td class="num">{formatRupiah(p.totalAmount)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
