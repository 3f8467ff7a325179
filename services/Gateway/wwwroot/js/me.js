// Who is signed in: 'admin', 'viewer', or null for a visitor.

export async function signedInRole() {
  const response = await fetch('/api/auth/me', { cache: 'no-store' }).catch(() => null);
  if (!response || !response.ok) return null;
  const me = await response.json().catch(() => null);
  return me?.role === 'admin' || me?.role === 'viewer' ? me.role : null;
}
