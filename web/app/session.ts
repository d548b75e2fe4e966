import * as z from 'zod';

const KEY = 'turngate.session';

/** Who is signed in and with what: the token the server checks and, from an OIDC provider, how to renew it. */
const sessionSchema = z.object({
  token: z.string().min(1),
  userId: z.string().min(1),
  /** Present when the provider offered one (`offline_access`): renews the token without a redirect. */
  refreshToken: z.string().min(1).optional(),
  /** From an OIDC provider: the ID token, named when signing out there (`id_token_hint`). */
  idToken: z.string().min(1).optional(),
  /** Epoch ms: the token's own `exp`, when it has one. */
  expiresAt: z.number().optional(),
});
export type Session = z.infer<typeof sessionSchema>;

/**
 * The signed-in user, per browser tab: sessionStorage survives a reload (the board comes back) but
 * not a new tab, so two tabs can play as two people on one machine.
 */
export function loadSession(): Session | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (raw === null) return null;
    const parsed = sessionSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function saveSession(session: Session): void {
  sessionStorage.setItem(KEY, JSON.stringify(session));
}

export function clearSession(): void {
  sessionStorage.removeItem(KEY);
}

/** A JWT's `exp` in epoch ms, read without verifying (the server verifies): only to know when to renew. */
export function expiryOf(token: string): number | undefined {
  try {
    const payload = token.split('.')[1] ?? '';
    const json: unknown = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/')));
    const exp = z.object({ exp: z.number() }).safeParse(json);
    return exp.success ? exp.data.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}
