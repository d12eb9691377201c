import { useState } from 'preact/hooks';
import { type ApiError, api } from '../api.js';
import {
  DECISION_LABELS,
  FUNDING_SOURCE_LABELS_ID,
  formatRupiah,
  formatWita,
  PROGRAM_KIND_LABELS_ID,
  SEVERITY_LABELS,
  STATUS_LABELS_ID,
  WITHDRAWABLE,
} from '../format.js';
import { linkProps } from '../router.js';
import type { Person } from '../session.js';
import { ErrorNote, Loading, StatusBadge, TableScroll, useLoad } from '../ui.js';
import type { AuditEvent, Proposal } from './types.js';

const sourceName = (s: string) => FUNDING_SOURCE_LABELS_ID[s as keyof typeof FUNDING_SOURCE_LABELS_ID] ?? s;
const statusName = (s: string | null) =>
  s ? (STATUS_LABELS_ID[s as keyof typeof STATUS_LABELS_ID] ?? s) : '—';

/** One proposal: its figures, findings, decisions, allocations and history; withdrawal and revision. */
export function ProposalDetail({ person, id }: { person: Person; id: string }) {
  const { data, error, reload } = useLoad(
    () =>
      Promise.all([
        api<Proposal>('GET', `/proposals/${id}`),
        api<AuditEvent[]>('GET', `/proposals/${id}/history`),
      ]),
    [id],
  );
  const [note, setNote] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [actionError, setActionError] = useState<ApiError>();

  if (error) return <ErrorNote error={error} />;
  if (!data) return <Loading />;
  const [p, history] = data;
  const own = person.role === 'submitter' && person.districtCode === p.districtCode;

  const withdraw = async (e: Event) => {
    e.preventDefault();
    setActionError(undefined);
    try {
      await api('POST', `/proposals/${p.id}/withdraw`, { note });
      setConfirming(false);
      reload();
    } catch (err) {
      setActionError(err as ApiError);
    }
  };

  return (
    <main id="main" tabIndex={-1}>
      <p>
        <a {...linkProps('')}>← Kembali</a>
      </p>
      <h1>{p.title}</h1>
      <p>
        <StatusBadge status={p.status} label={p.statusLabel} /> <span class="meta">Nomor {p.id}</span>
      </p>
      <dl class="facts">
        <dt>Kabupaten/kota</dt>
        <dd>{p.districtCode}</dd>
        <dt>Tahun anggaran</dt>
        <dd>{p.fiscalYear}</dd>
        <dt>Jenis program</dt>
        <dd>
          {PROGRAM_KIND_LABELS_ID[p.programKind as keyof typeof PROGRAM_KIND_LABELS_ID] ?? p.programKind}
        </dd>
        <dt>Komoditas</dt>
        <dd>{p.commodity}</dd>
        <dt>Revisi</dt>
        <dd>{p.revision}</dd>
        <dt>Target</dt>
        <dd>
          {p.targets.newEntrepreneurs} wirausaha baru, {p.targets.jobsCreated} tenaga kerja,{' '}
          {p.targets.ikmUnits} unit IKM
        </dd>
        <dt>Jumlah</dt>
        <dd>{formatRupiah(p.totalAmount)}</dd>
      </dl>

      <section aria-labelledby="funding-title">
        <h2 id="funding-title">Sumber dana</h2>
        <TableScroll label="Tabel sumber dana">
          <table>
            <thead>
              <tr>
                <th scope="col">Sumber</th>
                <th scope="col" class="num">
                  Diusulkan
                </th>
                <th scope="col" class="num">
                  Dialokasikan
                </th>
              </tr>
            </thead>
            <tbody>
              {p.funding.map((f) => (
                <tr key={f.source}>
                  <td>{sourceName(f.source)}</td>
                  <td class="num">{formatRupiah(f.amount)}</td>
                  <td class="num">
                    {(() => {
                      const a = p.allocations.find((x) => x.source === f.source);
                      return a ? formatRupiah(a.amount) : '—';
                    })()}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </section>

      {p.policyCheck && (
        <section aria-labelledby="check-title">
          <h2 id="check-title">Verifikasi kebijakan (aturan versi {p.policyCheck.ruleSetVersion})</h2>
          {p.policyCheck.findings.length === 0 ? (
            <p>Tidak ada temuan.</p>
          ) : (
            <ul class="findings">
              {p.policyCheck.findings.map((f) => (
                <li key={f.ruleId} class={`finding ${f.severity.toLowerCase()}`}>
                  <strong>{SEVERITY_LABELS[f.severity]}:</strong> {f.message}
                </li>
              ))}
            </ul>
          )}
        </section>
      )}

      {p.approvals.length > 0 && (
        <section aria-labelledby="approvals-title">
          <h2 id="approvals-title">Keputusan</h2>
          <ul>
            {p.approvals.map((a) => (
              <li key={a.at}>
                {a.stage}: {DECISION_LABELS[a.decision] ?? a.decision} oleh {a.by}, {formatWita(a.at)}
                {a.note ? ` — ${a.note}` : ''}
              </li>
            ))}
          </ul>
        </section>
      )}

      {own && (
        <section class="actions" aria-label="Tindakan">
          {p.status === 'RETURNED' && (
            <a class="button primary" {...linkProps(`usulan/${p.id}/revisi`)}>
              Revisi usulan
            </a>
          )}
          {WITHDRAWABLE.includes(p.status) && !confirming && (
            <button type="button" class="danger" onClick={() => setConfirming(true)}>
              Tarik usulan
            </button>
          )}
          {confirming && (
            <form onSubmit={withdraw} class="card">
              <label for="withdraw-note">Alasan penarikan (boleh kosong)</label>
              <textarea
                id="withdraw-note"
                rows={2}
                value={note}
                onInput={(e) => setNote((e.target as HTMLTextAreaElement).value)}
              />
              <button type="submit" class="danger">
                Ya, tarik usulan ini
              </button>{' '}
              <button type="button" onClick={() => setConfirming(false)}>
                Batal
              </button>
            </form>
          )}
          <ErrorNote error={actionError} />
        </section>
      )}

      <section aria-labelledby="history-title">
        <h2 id="history-title">Riwayat</h2>
        <ol class="timeline">
          {history.map((e) => (
            <li key={e.at + e.type}>
              <time dateTime={e.at}>{formatWita(e.at)}</time>
              <span>
                {e.from || e.to ? `${statusName(e.from)} → ${statusName(e.to)}` : e.type}
                {' · '}
                {e.actor}
              </span>
              {e.note && <span class="meta">{e.note}</span>}
            </li>
          ))}
        </ol>
      </section>
    </main>
  );
}
