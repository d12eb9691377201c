import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { completeCognitoSignIn, startCognitoSignIn } from './cognito.js';
import { linkProps, navigate, useRoute } from './router.js';
import { DistrictHome } from './screens/district-home.js';
import { ProposalDetail } from './screens/proposal-detail.js';
import { ProposalForm } from './screens/proposal-form.js';
import { type Person, session } from './session.js';
import { Lazy } from './ui.js';

const ROLE_NAMES: Record<Person['role'], string> = {
  submitter: 'Operator kabupaten/kota',
  approver: 'Pejabat penyetuju',
  admin: 'Admin',
  auditor: 'Auditor',
};

function usePerson(): Person | null {
  const [person, setPerson] = useState(() => session.person());
  useEffect(() => session.subscribe(() => setPerson(session.person())), []);
  return person;
}

function SignIn() {
  const [error, setError] = useState('');
  return (
    <main id="main" class="card narrow">
      <h1>Masuk</h1>
      <p>Aplikasi usulan program IKM Dinas Perindustrian Provinsi Sulawesi Selatan.</p>
      <button
        type="button"
        class="primary"
        onClick={() => startCognitoSignIn().catch((e: Error) => setError(e.message))}
      >
        Masuk dengan akun dinas
      </button>
      <p>
        Di komputer pengembang: <a href="/_local/sign-in">masuk dengan identitas lokal</a>.
      </p>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
    </main>
  );
}

function Screen({ person, route }: { person: Person; route: string }) {
  const province = person.role !== 'submitter';
  const [first, second, third] = route.split('/');
  if (first === 'usulan' && second === 'baru') return <ProposalForm person={person} />;
  if (first === 'usulan' && second && third === 'revisi')
    return <ProposalForm person={person} reviseId={second} />;
  if (first === 'usulan' && second) return <ProposalDetail person={person} id={second} />;
  if (first === 'admin' && person.role === 'admin')
    return <Lazy key="admin" load={() => import('./screens/admin.js').then((m) => m.Admin)} props={{}} />;
  if (province || first === 'dasbor')
    return (
      <Lazy
        key="dashboard"
        load={() => import('./screens/dashboard.js').then((m) => m.Dashboard)}
        props={{ person }}
      />
    );
  return <DistrictHome person={person} />;
}

function App() {
  const person = usePerson();
  const route = useRoute();
  const [cognitoError, setCognitoError] = useState('');
  useEffect(() => {
    if (route === 'masuk') {
      completeCognitoSignIn()
        .then(() => navigate(''))
        .catch((e: Error) => setCognitoError(e.message));
    }
  }, [route]);
  useEffect(() => {
    document.getElementById('main')?.focus();
  }, [route]);

  return (
    <>
      <a class="skip" href="#main">
        Lewati ke isi
      </a>
      <header class="top">
        <a class="brand" {...linkProps('')}>
          Usulan Program IKM
        </a>
        {person && (
          <nav aria-label="Menu utama">
            {person.role === 'submitter' ? (
              <>
                <a {...linkProps('')}>Usulan kami</a>
                <a {...linkProps('usulan/baru')}>Usulan baru</a>
              </>
            ) : (
              <a {...linkProps('')}>Dasbor</a>
            )}
            {person.role === 'admin' && <a {...linkProps('admin')}>Pagu &amp; kontak</a>}
            <span class="who">
              {ROLE_NAMES[person.role]}
              {person.districtCode ? ` ${person.districtCode}` : ''}
              {person.stage ? ` ${person.stage}` : ''}
            </span>
            <button type="button" class="link" onClick={() => session.signOut()}>
              Keluar
            </button>
          </nav>
        )}
      </header>
      {cognitoError && (
        <p role="alert" class="error">
          {cognitoError}
        </p>
      )}
      {person ? <Screen person={person} route={route} /> : <SignIn />}
    </>
  );
}

const root = document.getElementById('root') as HTMLElement;
// The page's "loading" note goes: render() diffs against what is there and would keep it.
root.replaceChildren();
render(<App />, root);
