import { cloneElement, type JSX } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import * as z from 'zod/mini';
import { proposalInputSchema } from '../../../../functions/domain/proposal.js';
import { type ApiError, api } from '../api.js';
import {
  FUNDING_SOURCE_LABELS_ID,
  FUNDING_SOURCES,
  formatRupiah,
  PROGRAM_KIND_LABELS_ID,
  PROGRAM_KINDS,
  SEVERITY_LABELS,
} from '../format.js';
import { navigate } from '../router.js';
import type { Person } from '../session.js';
import { ErrorNote, Loading, useYear } from '../ui.js';
import type { PolicyCheck, Proposal } from './types.js';

interface Draft {
  fiscalYear: string;
  title: string;
  programKind: string;
  commodity: string;
  description: string;
  newEntrepreneurs: string;
  jobsCreated: string;
  ikmUnits: string;
  amounts: Record<string, string>;
}

const digits = (s: string) => s.replace(/\D/g, '');
const numberOrText = (s: string) => (digits(s) === '' ? s : Number(digits(s)));

/** The draft as the API's body; the same zod schema as the API then says what is wrong. */
function bodyOf(draft: Draft, districtCode: string) {
  return {
    fiscalYear: Number(draft.fiscalYear),
    districtCode,
    title: draft.title,
    programKind: draft.programKind,
    commodity: draft.commodity,
    description: draft.description,
    targets: {
      newEntrepreneurs: numberOrText(draft.newEntrepreneurs || '0'),
      jobsCreated: numberOrText(draft.jobsCreated || '0'),
      ikmUnits: numberOrText(draft.ikmUnits || '0'),
    },
    funding: FUNDING_SOURCES.filter((s) => (draft.amounts[s] ?? '').trim() !== '').map((source) => ({
      source,
      amount: numberOrText(draft.amounts[source] ?? ''),
    })),
  };
}

function draftOf(p: Proposal | undefined, year: number): Draft {
  return {
    fiscalYear: String(p?.fiscalYear ?? year),
    title: p?.title ?? '',
    programKind: p?.programKind ?? 'WIRAUSAHA_BARU',
    commodity: p?.commodity ?? '',
    description: p?.description ?? '',
    newEntrepreneurs: p ? String(p.targets.newEntrepreneurs) : '',
    jobsCreated: p ? String(p.targets.jobsCreated) : '',
    ikmUnits: p ? String(p.targets.ikmUnits) : '',
    amounts: Object.fromEntries((p?.funding ?? []).map((f) => [f.source, String(f.amount)])),
  };
}

/** New proposal, or the revision of a returned one: live validation and the policy preview. */
export function ProposalForm({ person, reviseId }: { person: Person; reviseId?: string }) {
  const [year] = useYear();
  const [original, setOriginal] = useState<Proposal>();
  const [loadError, setLoadError] = useState<ApiError>();
  const [draft, setDraft] = useState<Draft>(() => draftOf(undefined, year));
  const [touched, setTouched] = useState<Record<string, boolean>>({});
  const [preview, setPreview] = useState<PolicyCheck>();
  const [previewError, setPreviewError] = useState<ApiError>();
  const [submitError, setSubmitError] = useState<ApiError>();
  const [sending, setSending] = useState(false);
  // One key per form: a double tap or a retry after a lost answer creates one proposal.
  const [idempotencyKey] = useState(() => crypto.randomUUID());

  useEffect(() => {
    if (!reviseId) return;
    api<Proposal>('GET', `/proposals/${reviseId}`).then((p) => {
      setOriginal(p);
      setDraft(draftOf(p, year));
    }, setLoadError);
  }, [reviseId, year]);

  const districtCode = original?.districtCode ?? person.districtCode ?? '';
  const body = useMemo(() => bodyOf(draft, districtCode), [draft, districtCode]);
  const parsed = useMemo(() => z.safeParse(proposalInputSchema, body), [body]);
  const problems = useMemo(() => {
    const byPath: Record<string, string> = {};
    if (!parsed.success) for (const i of parsed.error.issues) byPath[i.path.join('.')] ??= i.message;
    return byPath;
  }, [parsed]);

  // The preview follows the draft, a moment after the person stops typing.
  useEffect(() => {
    if (!parsed.success) {
      setPreview(undefined);
      return;
    }
    const timer = setTimeout(() => {
      api<PolicyCheck>('POST', '/policy-checks', parsed.data).then(
        (r) => {
          setPreview(r);
          setPreviewError(undefined);
        },
        (e: ApiError) => setPreviewError(e),
      );
    }, 500);
    return () => clearTimeout(timer);
  }, [parsed]);

  if (reviseId && !original) return loadError ? <ErrorNote error={loadError} /> : <Loading />;

  const set = (field: keyof Draft) => (e: Event) => {
    const value = (e.target as HTMLInputElement).value;
    setDraft((d) => ({ ...d, [field]: value }));
  };
  const setAmount = (source: string) => (e: Event) => {
    const value = (e.target as HTMLInputElement).value;
    setDraft((d) => ({ ...d, amounts: { ...d.amounts, [source]: value } }));
  };
  const blur = (path: string) => () => setTouched((t) => ({ ...t, [path]: true }));
  const problemOf = (path: string) => (touched[path] || touched._all ? problems[path] : undefined);

  const field = (path: string, label: string, input: JSX.Element, hint?: string) => {
    const problem = problemOf(path);
    const id = `f-${path.replace(/\./g, '-')}`;
    return (
      <div class={`field${problem ? ' invalid' : ''}`}>
        <label for={id}>{label}</label>
        {hint && (
          <small id={`${id}-hint`} class="hint">
            {hint}
          </small>
        )}
        {cloneElement(input, {
          id,
          'aria-invalid': problem ? 'true' : undefined,
          'aria-describedby':
            [hint ? `${id}-hint` : '', problem ? `${id}-error` : ''].join(' ').trim() || undefined,
          onBlur: blur(path),
        })}
        {problem && (
          <small id={`${id}-error`} class="problem">
            {problem}
          </small>
        )}
      </div>
    );
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    setTouched({ _all: true });
    if (!parsed.success) return;
    setSending(true);
    setSubmitError(undefined);
    try {
      const path = reviseId ? `/proposals/${reviseId}/revisions` : '/proposals';
      const created = await api<Proposal>('POST', path, parsed.data, { 'idempotency-key': idempotencyKey });
      navigate(`usulan/${created.id}`);
    } catch (error) {
      setSubmitError(error as ApiError);
      setSending(false);
    }
  };

  const total = parsed.success ? parsed.data.funding.reduce((s, f) => s + f.amount, 0) : undefined;
  const globalProblems = Object.entries(problems).filter(([p]) => p === '' || p === 'funding');

  return (
    <main id="main" tabIndex={-1}>
      <h1>{reviseId ? `Revisi usulan (revisi ${(original?.revision ?? 0) + 1})` : 'Usulan baru'}</h1>
      {original?.policyCheck && original.status === 'RETURNED' && (
        <section class="card warn" aria-labelledby="why-returned">
          <h2 id="why-returned">Alasan dikembalikan</h2>
          <ul>
            {original.policyCheck.findings.map((f) => (
              <li key={f.ruleId}>{f.message}</li>
            ))}
            {original.approvals
              .filter((a) => a.decision === 'RETURN')
              .map((a) => (
                <li key={a.at}>
                  {a.stage}: {a.note}
                </li>
              ))}
          </ul>
        </section>
      )}
      <form onSubmit={submit} noValidate class="form">
        <p class="meta">
          Kabupaten/kota {districtCode} · Tahun anggaran {draft.fiscalYear}
        </p>
        {field('title', 'Judul usulan', <input value={draft.title} onInput={set('title')} required />)}
        {field(
          'programKind',
          'Jenis program',
          <select value={draft.programKind} onChange={set('programKind')}>
            {PROGRAM_KINDS.map((k) => (
              <option key={k} value={k}>
                {PROGRAM_KIND_LABELS_ID[k]}
              </option>
            ))}
          </select>,
        )}
        {field(
          'commodity',
          'Komoditas',
          <input value={draft.commodity} onInput={set('commodity')} required />,
          'Mis. kakao, rumput laut, kopi arabika kalosi',
        )}
        {field(
          'description',
          'Uraian',
          <textarea rows={3} value={draft.description} onInput={set('description')} />,
        )}
        <fieldset>
          <legend>Target</legend>
          {field(
            'targets.newEntrepreneurs',
            'Wirausaha baru (orang)',
            <input inputMode="numeric" value={draft.newEntrepreneurs} onInput={set('newEntrepreneurs')} />,
          )}
          {field(
            'targets.jobsCreated',
            'Tenaga kerja terserap (orang)',
            <input inputMode="numeric" value={draft.jobsCreated} onInput={set('jobsCreated')} />,
          )}
          {field(
            'targets.ikmUnits',
            'Unit IKM',
            <input inputMode="numeric" value={draft.ikmUnits} onInput={set('ikmUnits')} />,
          )}
        </fieldset>
        <fieldset>
          <legend>Sumber dana (rupiah; kosongkan sumber yang tidak dipakai)</legend>
          {FUNDING_SOURCES.map((source) => {
            const index = body.funding.findIndex((f) => f.source === source);
            return field(
              index >= 0 ? `funding.${index}.amount` : `funding.none.${source}`,
              FUNDING_SOURCE_LABELS_ID[source],
              <input inputMode="numeric" value={draft.amounts[source] ?? ''} onInput={setAmount(source)} />,
            );
          })}
          <p class="meta" aria-live="polite">
            Jumlah: {total === undefined ? '—' : formatRupiah(total)}
          </p>
        </fieldset>
        {touched._all &&
          globalProblems.map(([p, m]) => (
            <p key={p} class="problem" role="alert">
              {m}
            </p>
          ))}

        <section class="preview" aria-labelledby="preview-title" aria-live="polite">
          <h2 id="preview-title">Pratinjau verifikasi kebijakan</h2>
          {!parsed.success && <p class="meta">Lengkapi isian untuk melihat hasil verifikasi.</p>}
          <ErrorNote error={previewError} />
          {parsed.success && preview && (
            <>
              <p class={`outcome o-${preview.outcome.toLowerCase()}`}>
                {preview.outcome === 'PASS'
                  ? 'Lolos: tidak ada temuan.'
                  : preview.outcome === 'WARN'
                    ? 'Ada peringatan: usulan tetap dapat diajukan, penyetuju melihat peringatan ini.'
                    : 'Ada temuan menghambat: usulan akan dikembalikan bila diajukan seperti ini.'}
              </p>
              <ul class="findings">
                {preview.findings.map((f) => (
                  <li key={f.ruleId} class={`finding ${f.severity.toLowerCase()}`}>
                    <strong>{SEVERITY_LABELS[f.severity]}:</strong> {f.message}
                  </li>
                ))}
              </ul>
              <p class="meta">
                Aturan TA {draft.fiscalYear} versi {preview.ruleSetVersion}.
              </p>
            </>
          )}
        </section>

        <ErrorNote error={submitError} />
        <button type="submit" class="primary" disabled={sending}>
          {sending ? 'Mengirim…' : reviseId ? 'Ajukan revisi' : 'Ajukan usulan'}
        </button>
      </form>
    </main>
  );
}
