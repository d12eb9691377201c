import { useState } from 'preact/hooks';
import { type ApiError, api } from '../api.js';
import { FUNDING_SOURCE_LABELS_ID, formatRupiah } from '../format.js';
import { ErrorNote, Loading, useLoad, useYear, YearPicker } from '../ui.js';

interface Pool {
  fiscalYear: number;
  source: keyof typeof FUNDING_SOURCE_LABELS_ID;
  districtCode?: string;
  ceiling: number;
  allocated: number;
  remaining: number;
}
interface District {
  code: string;
  name: string;
  leadingCommodities: string[];
  contactEmails?: string[];
}

/** Admins: budget pool ceilings and district contacts; the API's own validation messages are shown as they come. */
export function Admin() {
  const [year, setYear] = useYear();
  return (
    <main id="main" tabIndex={-1}>
      <div class="heading-row">
        <h1>Pagu anggaran dan kontak</h1>
        <YearPicker year={year} onChange={setYear} />
      </div>
      <Pools year={year} />
      <Contacts />
    </main>
  );
}

function Pools({ year }: { year: number }) {
  const { data, error, reload } = useLoad(
    () => api<{ items: Pool[] }>('GET', `/budget-pools?fiscalYear=${year}`),
    [year],
  );
  return (
    <section aria-labelledby="pools-title">
      <h2 id="pools-title">Pagu per pos anggaran</h2>
      <ErrorNote error={error} />
      {!data && !error && <Loading />}
      {data && (
        <ul class="cards">
          {data.items.map((p) => (
            <PoolRow key={`${p.source}/${p.districtCode ?? ''}`} pool={p} onSaved={reload} />
          ))}
        </ul>
      )}
    </section>
  );
}

function PoolRow({ pool, onSaved }: { pool: Pool; onSaved: () => void }) {
  const [value, setValue] = useState(String(pool.ceiling));
  const [error, setError] = useState<ApiError>();
  const [saved, setSaved] = useState('');
  const id = `pool-${pool.source}-${pool.districtCode ?? 'all'}`.replace(/\./g, '-');
  const name = `${FUNDING_SOURCE_LABELS_ID[pool.source]}${pool.districtCode ? ` ${pool.districtCode}` : ''}`;
  const save = async (e: Event) => {
    e.preventDefault();
    setError(undefined);
    setSaved('');
    const digits = value.replace(/[.\s]/g, '');
    try {
      const path = `/budget-pools/${pool.fiscalYear}/${pool.source}${pool.districtCode ? `/${pool.districtCode}` : ''}`;
      // Sent as typed (a number when it is one): the API says what is wrong, in its own words.
      const result = await api<{ funded: string[] }>('PUT', path, {
        ceiling: /^\d+$/.test(digits) ? Number(digits) : value,
      });
      setSaved(
        result.funded.length > 0
          ? `Tersimpan; ${result.funded.length} usulan daftar tunggu didanai.`
          : 'Tersimpan.',
      );
      onSaved();
    } catch (err) {
      setError(err as ApiError);
    }
  };
  return (
    <li class="card">
      <form onSubmit={save} class="pool">
        <label for={id}>{name}</label>
        <p class="meta">
          Teralokasi {formatRupiah(pool.allocated)} · sisa {formatRupiah(pool.remaining)}
        </p>
        <input
          id={id}
          inputMode="numeric"
          value={value}
          onInput={(e) => setValue((e.target as HTMLInputElement).value)}
        />
        <button type="submit">Simpan pagu</button>
        {saved && <span role="status">{saved}</span>}
        <ErrorNote error={error} />
      </form>
    </li>
  );
}

function Contacts() {
  const { data, error, reload } = useLoad(() => api<{ items: District[] }>('GET', '/districts'), []);
  return (
    <section aria-labelledby="contacts-title">
      <h2 id="contacts-title">Kontak kabupaten/kota</h2>
      <p class="meta">Alamat email penerima kabar hasil usulan; satu alamat per baris.</p>
      <ErrorNote error={error} />
      {!data && !error && <Loading />}
      {data && (
        <ul class="cards">
          {data.items.map((d) => (
            <ContactRow key={d.code} district={d} onSaved={reload} />
          ))}
        </ul>
      )}
    </section>
  );
}

function ContactRow({ district, onSaved }: { district: District; onSaved: () => void }) {
  const [value, setValue] = useState((district.contactEmails ?? []).join('\n'));
  const [error, setError] = useState<ApiError>();
  const [saved, setSaved] = useState(false);
  const id = `contacts-${district.code.replace('.', '-')}`;
  const save = async (e: Event) => {
    e.preventDefault();
    setError(undefined);
    setSaved(false);
    const contactEmails = value
      .split(/[\n,;]+/)
      .map((s) => s.trim())
      .filter(Boolean);
    try {
      await api('PUT', `/districts/${district.code}`, { contactEmails });
      setSaved(true);
      onSaved();
    } catch (err) {
      setError(err as ApiError);
    }
  };
  return (
    <li class="card">
      <form onSubmit={save}>
        <label for={id}>
          {district.code} {district.name}
        </label>
        <textarea
          id={id}
          rows={2}
          value={value}
          onInput={(e) => setValue((e.target as HTMLTextAreaElement).value)}
        />
        <button type="submit">Simpan kontak</button>
        {saved && <span role="status">Tersimpan.</span>}
        <ErrorNote error={error} />
      </form>
    </li>
  );
}
