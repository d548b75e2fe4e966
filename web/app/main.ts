import { createLobbyClient, isTurngateError, type LobbyClient } from '../../src/client/index.js';
import type { UiConfig } from '../../src/protocol/ui-config.js';
import type { AppContext, Page } from './context.js';
import { debugPanelPage } from './debug-panel/loader.js';
import { fill, h } from './dom.js';
import { lobbyPage } from './lobby-page.js';
import { matchPage } from './match-page.js';
import { completeSignIn, isCallback, type OidcAuth, providerSignOutUrl, refreshSignIn } from './oidc.js';
import { replayPage } from './replay-page.js';
import { clearSession, expiryOf, loadSession, type Session, saveSession } from './session.js';
import { messageOf, signInPage } from './sign-in-page.js';
import { loadUiConfig } from './ui-config.js';

const root = document.getElementById('app') as HTMLElement;
const who = document.querySelector('[data-testid="signed-in-as"]') as HTMLElement;

/** Renew this long before the token expires, so no call or reconnect goes out with a dying token. */
const RENEW_BEFORE_MS = 60_000;
/** ...but never more often than this: a provider whose tokens live under a minute is not hammered. */
const MIN_RENEWAL_GAP_MS = 5_000;
/** Servers accept a token a few seconds past its expiry (clock skew): ask after that. */
const SERVER_CLOCK_SKEW_MS = 10_000;
/** setTimeout's own ceiling (about 24.8 days); a later expiry is checked again on the next route. */
const MAX_TIMER_MS = 2 ** 31 - 1;

let config: UiConfig;
let api: LobbyClient;
let current: Page | undefined;
let renewal: ReturnType<typeof setTimeout> | undefined;
let signInNotice = '';

const oidcAuth = (): OidcAuth | undefined => (config.auth.mode === 'oidc' ? config.auth : undefined);

/**
 * Routes: `#/` is the lobby, `#/match/<id>` a match (`…/invite/<code>`: a private one's invite, `…/replay`
 * its replay, `…/debug` its debug panel in development mode). Everything needs a signed-in user (spectators too).
 */
function route(): void {
  current?.dispose();
  current = undefined;
  const session = loadSession();
  showWho(session);
  scheduleRenewal(session);
  if (session === null) {
    const notice = signInNotice;
    signInNotice = '';
    fill(root, signInPage({ auth: config.auth, api, notice, onSignedIn: signedIn }));
    return;
  }
  const context: AppContext = {
    session,
    get lobby() {
      return api.withToken(loadSession()?.token ?? session.token);
    },
    socketUrl: config.websocketUrl,
    token: freshToken,
    navigate: (hash) => {
      location.hash = hash;
    },
    checkSignIn,
    devTools: config.devTools === true,
  };
  void checkSignIn();
  const match = /^#\/match\/([^/]+)(?:\/invite\/([^/]+))?$/.exec(location.hash);
  const invite = match?.[2] === undefined ? undefined : decodeURIComponent(match[2]);
  const replay = /^#\/match\/([^/]+)\/replay$/.exec(location.hash)?.[1];
  // Only in development mode: elsewhere the address is no page and shows the lobby.
  const debug = context.devTools ? /^#\/match\/([^/]+)\/debug$/.exec(location.hash)?.[1] : undefined;
  current =
    debug !== undefined
      ? debugPanelPage(context, decodeURIComponent(debug))
      : replay !== undefined
        ? replayPage(context, decodeURIComponent(replay))
        : match?.[1]
          ? matchPage(context, decodeURIComponent(match[1]), invite)
          : lobbyPage(context);
  fill(root, current.element);
}

function signedIn(session: Session): void {
  saveSession({ ...session, ...expiresAtOf(session.token) });
  route();
}

const expiresAtOf = (token: string): { expiresAt?: number } => {
  const expiresAt = expiryOf(token);
  return expiresAt === undefined ? {} : { expiresAt };
};

function showWho(session: Session | null): void {
  if (session === null) {
    fill(who);
    return;
  }
  const button = h('button', { class: 'link', testid: 'sign-out', on: { click: () => void signOut() } }, 'Sign out');
  fill(who, 'Signed in as ', h('strong', { testid: 'user-id' }, session.userId), ' ', button);
}

/** Ends the session in this tab and, with an OIDC provider, at the provider too (it sends the browser back). */
async function signOut(): Promise<void> {
  const session = loadSession();
  clearSession();
  const auth = oidcAuth();
  if (auth !== undefined) {
    try {
      const url = await providerSignOutUrl(auth, session?.idToken);
      if (url !== undefined) {
        location.assign(url);
        return;
      }
    } catch {
      // The provider is out of reach: signed out here at least; its own session lasts until it ends.
    }
  }
  location.hash = '#/';
  route();
}

/** Back from the provider: trade the code for tokens, and ask the server who they say we are. */
async function finishProviderSignIn(auth: OidcAuth): Promise<void> {
  try {
    const tokens = await completeSignIn(auth);
    const { userId } = await api.withToken(tokens.token).me();
    signedIn({
      token: tokens.token,
      userId,
      ...(tokens.refreshToken ? { refreshToken: tokens.refreshToken } : {}),
      ...(tokens.idToken ? { idToken: tokens.idToken } : {}),
    });
  } catch (error) {
    signInNotice = `The sign-in was refused: ${messageOf(error)}`;
  }
}

/** A new token from the refresh token; `null` when there is none or the provider said no. */
async function renew(session: Session): Promise<Session | null> {
  const auth = oidcAuth();
  if (auth === undefined || session.refreshToken === undefined) return null;
  try {
    const tokens = await refreshSignIn(auth, session.refreshToken);
    const next: Session = {
      token: tokens.token,
      userId: session.userId,
      ...(tokens.refreshToken ? { refreshToken: tokens.refreshToken } : {}),
      // A refresh need not bring a new ID token: the one from the sign-in still names the session.
      ...((tokens.idToken ?? session.idToken) ? { idToken: tokens.idToken ?? session.idToken } : {}),
      ...expiresAtOf(tokens.token),
    };
    saveSession(next);
    scheduleRenewal(next);
    return next;
  } catch {
    return null;
  }
}

/** The token for the next connect, renewed first if it is about to expire. */
async function freshToken(): Promise<string> {
  const session = loadSession();
  if (session === null) throw new Error('signed out');
  const dying = session.expiresAt !== undefined && session.expiresAt - Date.now() < RENEW_BEFORE_MS;
  return (dying ? await renew(session) : null)?.token ?? session.token;
}

/**
 * Renews quietly before expiry when a refresh token allows. Without one, the sign-in is checked just
 * after expiry, so an idle page re-prompts (with the reason) instead of failing its next call.
 */
function scheduleRenewal(session: Session | null): void {
  clearTimeout(renewal);
  if (session?.expiresAt === undefined) return;
  if (session.refreshToken === undefined) {
    const afterSkew = session.expiresAt + SERVER_CLOCK_SKEW_MS - Date.now();
    renewal = setTimeout(() => void checkSignIn(), Math.min(afterSkew, MAX_TIMER_MS));
    return;
  }
  const delay = Math.max(MIN_RENEWAL_GAP_MS, session.expiresAt - RENEW_BEFORE_MS - Date.now());
  renewal = setTimeout(async () => {
    if ((await renew(session)) === null) await checkSignIn();
  }, delay);
}

/**
 * Asks the server whether it accepts the token. A refusal is renewed when a refresh token allows;
 * otherwise the user is signed out with the server's reason (expired, or a provider it does not
 * trust), keeping the page's address to come back to.
 */
async function checkSignIn(): Promise<void> {
  const session = loadSession();
  if (session === null) return;
  try {
    await api.withToken(session.token).me();
  } catch (error) {
    if (!isTurngateError(error) || error.code !== 'unauthorized' || loadSession() === null) return;
    const renewed = await renew(session);
    if (renewed !== null && (await accepted(renewed.token))) return;
    clearSession();
    signInNotice = messageOf(error);
    route();
  }
}

async function accepted(token: string): Promise<boolean> {
  try {
    await api.withToken(token).me();
    return true;
  } catch {
    return false;
  }
}

async function boot(): Promise<void> {
  try {
    config = await loadUiConfig();
  } catch (error) {
    fill(root, h('p', { class: 'error', testid: 'config-error', attrs: { role: 'alert' } }, messageOf(error)));
    return;
  }
  api = createLobbyClient({ baseUrl: config.lobbyUrl });
  const auth = oidcAuth();
  if (auth !== undefined && isCallback()) await finishProviderSignIn(auth);
  window.addEventListener('hashchange', route);
  route();
}

void boot();
