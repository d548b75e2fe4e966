import type { SignedIn } from '../../src/client/index.js';

const KEY = 'turngate.session';

/**
 * The signed-in user, per browser tab: sessionStorage survives a reload (the board comes back) but
 * not a new tab, so two tabs can play as two people on one machine.
 */
export function loadSession(): SignedIn | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (raw === null) return null;
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed !== 'object' || parsed === null) return null;
    const { token, userId } = parsed as Record<string, unknown>;
    return typeof token === 'string' && typeof userId === 'string' ? { token, userId } : null;
  } catch {
    return null;
  }
}

export function saveSession(session: SignedIn): void {
  sessionStorage.setItem(KEY, JSON.stringify(session));
}

export function clearSession(): void {
  sessionStorage.removeItem(KEY);
}
