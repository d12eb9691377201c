/**
 * Who is signed in. The token lives in sessionStorage (gone when the tab closes, never in a URL).
 * Locally it comes from /_local/sign-in; on AWS from Cognito's managed login (PKCE, cognito.ts).
 * The claims are read only to choose screens: the API verifies the token on every call.
 */
const KEY = 'ikm.token';

export type Role = 'submitter' | 'approver' | 'admin' | 'auditor';
export interface Person {
  role: Role;
  districtCode?: string;
  stage?: string;
  email?: string;
}

function claimsOf(token: string): Record<string, unknown> | null {
  try {
    const part = token.split('.')[1] ?? '';
    const json = atob(part.replace(/-/g, '+').replace(/_/g, '/'));
    return JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0))));
  } catch {
    return null;
  }
}

const listeners = new Set<() => void>();

export const session = {
  token(): string | null {
    const token = sessionStorage.getItem(KEY);
    if (!token) return null;
    const exp = claimsOf(token)?.exp;
    if (typeof exp === 'number' && exp * 1000 < Date.now()) {
      sessionStorage.removeItem(KEY);
      return null;
    }
    return token;
  },
  person(): Person | null {
    const token = this.token();
    const claims = token ? claimsOf(token) : null;
    const role = claims?.['custom:role'] ?? claims?.role;
    if (role !== 'submitter' && role !== 'approver' && role !== 'admin' && role !== 'auditor') return null;
    const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
    return {
      role,
      districtCode: str(claims?.['custom:district']),
      stage: str(claims?.['custom:stage']),
      email: str(claims?.email),
    };
  },
  signIn(token: string): void {
    sessionStorage.setItem(KEY, token);
    for (const l of listeners) l();
  },
  signOut(): void {
    sessionStorage.removeItem(KEY);
    for (const l of listeners) l();
  },
  expired(): void {
    this.signOut();
  },
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
