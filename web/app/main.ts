import { createLobbyClient, isTurngateError, type SignedIn } from '../../src/client/index.js';
import type { AppContext, Page } from './context.js';
import { fill, h } from './dom.js';
import { lobbyPage } from './lobby-page.js';
import { matchPage } from './match-page.js';
import { clearSession, loadSession, saveSession } from './session.js';
import { errorInWords } from './words.js';

const root = document.getElementById('app') as HTMLElement;
const who = document.querySelector('[data-testid="signed-in-as"]') as HTMLElement;
const api = createLobbyClient({ baseUrl: location.origin });
const socketUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/`;

let current: Page | undefined;

/** Routes: `#/` is the lobby, `#/match/<id>` a match. Everything needs a signed-in user (spectators too). */
function route(): void {
  current?.dispose();
  current = undefined;
  const session = loadSession();
  showWho(session);
  if (session === null) {
    fill(root, signInForm());
    return;
  }
  const lobby = api.withToken(session.token);
  const context: AppContext = {
    session,
    lobby,
    socketUrl,
    navigate: (hash) => {
      location.hash = hash;
    },
    checkSignIn: () => checkSignIn(lobby),
  };
  void context.checkSignIn();
  const match = /^#\/match\/([^/]+)$/.exec(location.hash);
  current = match?.[1] ? matchPage(context, decodeURIComponent(match[1])) : lobbyPage(context);
  fill(root, current.element);
}

function showWho(session: SignedIn | null): void {
  if (session === null) {
    fill(who);
    return;
  }
  const button = h('button', { class: 'link', testid: 'sign-out', on: { click: signOut } }, 'Sign out');
  fill(who, 'Signed in as ', h('strong', { testid: 'user-id' }, session.userId), ' ', button);
}

function signOut(): void {
  clearSession();
  location.hash = '#/';
  route();
}

let signInNotice = '';

/** An expired or revoked token signs the user out, keeping the page's address to come back to. */
async function checkSignIn(lobby: AppContext['lobby']): Promise<void> {
  try {
    await lobby.me();
  } catch (error) {
    if (!isTurngateError(error) || error.code !== 'unauthorized' || loadSession() === null) return;
    clearSession();
    signInNotice = 'Your sign-in has expired: sign in again to carry on.';
    route();
  }
}

/** Development sign-in: any name will do, and the same name resumes the same seats. */
function signInForm(): HTMLElement {
  const name = h('input', {
    testid: 'sign-in-name',
    attrs: { name: 'name', placeholder: 'Your name', autocomplete: 'nickname', maxlength: 32, required: true },
  });
  const problem = h('p', { class: 'error', testid: 'sign-in-error', attrs: { role: 'alert' } }, signInNotice);
  signInNotice = '';
  const submit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const chosen = name.value.trim();
    if (chosen === '') return;
    try {
      saveSession(await api.signIn(chosen));
      route();
    } catch (error) {
      fill(problem, errorInWords(error));
    }
  };
  return h(
    'section',
    { class: 'card narrow' },
    h('h1', {}, 'Sign in'),
    h('p', { class: 'muted' }, 'Development sign-in: pick any name. Use a second tab to play against yourself.'),
    h(
      'form',
      { class: 'row', on: { submit: (event) => void submit(event) } },
      name,
      h('button', { testid: 'sign-in-submit', attrs: { type: 'submit' } }, 'Sign in'),
    ),
    problem,
  );
}

window.addEventListener('hashchange', route);
route();
