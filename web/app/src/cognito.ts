import { session } from './session.js';

/**
 * Sign-in on AWS: Cognito's managed login, authorization code flow with PKCE (no client secret in
 * the browser). The pool's domain and app client come from /app/config.json, which the stack
 * fills in; locally there is none and people sign in at /_local/sign-in instead.
 */
interface AppConfig {
  cognito: { domain: string; clientId: string } | null;
}

const VERIFIER_KEY = 'ikm.pkce.verifier';
const STATE_KEY = 'ikm.pkce.state';
const redirectUri = () => `${location.origin}/app/masuk`;

async function config(): Promise<AppConfig> {
  const res = await fetch('/app/config.json');
  if (!res.ok) return { cognito: null };
  return (await res.json()) as AppConfig;
}

function randomString(bytes: number): string {
  const data = crypto.getRandomValues(new Uint8Array(bytes));
  return base64Url(data);
}

function base64Url(data: Uint8Array): string {
  return btoa(String.fromCharCode(...data))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

export async function startCognitoSignIn(): Promise<void> {
  const { cognito } = await config();
  if (!cognito) throw new Error('Login dinas belum dikonfigurasi di server ini; gunakan identitas lokal.');
  const verifier = randomString(48);
  const state = randomString(16);
  sessionStorage.setItem(VERIFIER_KEY, verifier);
  sessionStorage.setItem(STATE_KEY, state);
  const challenge = base64Url(
    new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))),
  );
  const url = new URL('/oauth2/authorize', cognito.domain);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: cognito.clientId,
    redirect_uri: redirectUri(),
    scope: 'openid email',
    state,
    code_challenge_method: 'S256',
    code_challenge: challenge,
    lang: 'id',
  }).toString();
  location.assign(url.toString());
}

/** On /app/masuk?code=…&state=…: trades the one-time code for tokens, then drops them from the URL. */
export async function completeCognitoSignIn(): Promise<void> {
  const params = new URLSearchParams(location.search);
  history.replaceState(null, '', '/app/masuk');
  const code = params.get('code');
  const verifier = sessionStorage.getItem(VERIFIER_KEY);
  if (!code || !verifier || params.get('state') !== sessionStorage.getItem(STATE_KEY)) {
    throw new Error('Proses masuk tidak lengkap atau kedaluwarsa; silakan masuk lagi.');
  }
  sessionStorage.removeItem(VERIFIER_KEY);
  sessionStorage.removeItem(STATE_KEY);
  const { cognito } = await config();
  if (!cognito) throw new Error('Login dinas belum dikonfigurasi di server ini.');
  const res = await fetch(new URL('/oauth2/token', cognito.domain), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: cognito.clientId,
      code,
      redirect_uri: redirectUri(),
      code_verifier: verifier,
    }),
  });
  if (!res.ok) throw new Error('Cognito menolak proses masuk; silakan coba lagi.');
  // The API's authorizer checks the ID token's audience (the app client) and its custom claims.
  const tokens = (await res.json()) as { id_token: string };
  session.signIn(tokens.id_token);
}
