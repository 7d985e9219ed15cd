// Signing in and out, and who the signed-in person is.

import { api, clearSession, getSession, saveTokens, saveUser } from './api.js';

/** The signed-in user ({id, email, name, role, status, company_id, company?}) or null. */
export function currentUser() {
  return getSession()?.user ?? null;
}

export async function login(email, password) {
  const answer = await api.post('/login', { email, password }, { auth: false });
  saveTokens(answer);
  // GET /me adds the company (its name and id) that the login answer's User lacks.
  return refreshMe().catch(() => answer.user);
}

/** Ends the session on the server (best effort) and always forgets it here. */
export async function logout() {
  const session = getSession();
  try {
    if (session?.refresh_token) await api.post('/logout', { refresh_token: session.refresh_token });
  } catch {
    // An expired or revoked session is already over on the server: nothing else to do.
  } finally {
    clearSession('logout');
  }
}

/** Reloads the user from GET /me (their role or name may have changed since login). */
export async function refreshMe() {
  const me = await api.get('/me');
  saveUser(me);
  return me;
}

/** Where each role starts after signing in. */
export function homeFor(user) {
  switch (user?.role) {
    case 'sales_rep':
      return '/sales';
    case 'operator':
      return '/operator/catalog';
    case 'vendor':
      return '/vendor';
    case 'admin':
    case 'user':
      return '/panel';
    default:
      return '/';
  }
}
