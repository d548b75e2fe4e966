import { AuthorizationResponseError, ResponseBodyError } from 'oauth4webapi';
import type { LobbyClient, SignedIn } from '../../src/client/index.js';
import type { UiAuth } from '../../src/protocol/ui-config.js';
import { fill, h } from './dom.js';
import { beginSignIn, type OidcAuth } from './oidc.js';
import { errorInWords } from './words.js';

export interface SignInOptions {
  readonly auth: UiAuth;
  readonly api: LobbyClient;
  /** Why the user is here again (an expired or refused sign-in), shown above the form. */
  readonly notice: string;
  readonly onSignedIn: (signedIn: SignedIn) => void;
}

/** The sign-in the deployment configured: the OIDC provider, the development form, or a pasted token. */
export function signInPage(options: SignInOptions): HTMLElement {
  if (options.auth.mode === 'oidc') return providerSignIn(options.auth, options.notice);
  return options.auth.mode === 'dev' ? devSignInForm(options) : tokenForm(options);
}

const problemLine = (notice: string): HTMLElement =>
  h('p', { class: 'error', testid: 'sign-in-error', attrs: { role: 'alert' } }, notice);

/** One button to the provider's own sign-in page; it sends the browser back here with a code. */
function providerSignIn(auth: OidcAuth, notice: string): HTMLElement {
  const problem = problemLine(notice);
  const go = async (): Promise<void> => {
    try {
      await beginSignIn(auth);
    } catch (error) {
      fill(problem, `The sign-in provider could not be reached: ${messageOf(error)}`);
    }
  };
  return h(
    'section',
    { class: 'card narrow' },
    h('h1', {}, 'Sign in'),
    h('p', { class: 'muted' }, `You sign in with ${new URL(auth.issuer).host}, then come back here.`),
    h('button', { testid: 'sign-in-provider', on: { click: () => void go() } }, 'Sign in'),
    problem,
  );
}

/** Development sign-in: any name will do, and the same name resumes the same seats. */
function devSignInForm({ api, notice, onSignedIn }: SignInOptions): HTMLElement {
  return oneFieldSignIn({
    field: h('input', {
      testid: 'sign-in-name',
      attrs: { name: 'name', placeholder: 'Your name', autocomplete: 'nickname', maxlength: 32, required: true },
    }),
    hint: 'Development sign-in: pick any name. Use a second tab to play against yourself.',
    notice,
    signIn: (name) => api.signIn(name),
    words: errorInWords,
    onSignedIn,
  });
}

/**
 * Tokens from the game's own sign-in service (an HS256 deployment): paste one, and the server says
 * whose it is (`GET /api/me`), or why it refuses it.
 */
function tokenForm({ api, notice, onSignedIn }: SignInOptions): HTMLElement {
  return oneFieldSignIn({
    field: h('input', {
      testid: 'sign-in-token',
      attrs: { name: 'token', placeholder: 'eyJ…', autocomplete: 'off', spellcheck: 'false', required: true },
    }),
    hint: "This server takes tokens from the game's own sign-in: paste one to play.",
    notice,
    signIn: async (token) => ({ token, userId: (await api.withToken(token).me()).userId }),
    // The server's own reason (expired, another issuer, a bad signature...): what to fix in the token.
    words: messageOf,
    onSignedIn,
  });
}

/** A sign-in card with one field: its trimmed value is signed in with, and a refusal is shown in words. */
function oneFieldSignIn(form: {
  readonly field: HTMLInputElement;
  readonly hint: string;
  readonly notice: string;
  readonly signIn: (value: string) => Promise<SignedIn>;
  readonly words: (error: unknown) => string;
  readonly onSignedIn: (signedIn: SignedIn) => void;
}): HTMLElement {
  const problem = problemLine(form.notice);
  const submit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const value = form.field.value.trim();
    if (value === '') return;
    try {
      form.onSignedIn(await form.signIn(value));
    } catch (error) {
      fill(problem, form.words(error));
    }
  };
  return h(
    'section',
    { class: 'card narrow' },
    h('h1', {}, 'Sign in'),
    h('p', { class: 'muted' }, form.hint),
    h(
      'form',
      { class: 'row', on: { submit: (event) => void submit(event) } },
      form.field,
      h('button', { testid: 'sign-in-submit', attrs: { type: 'submit' } }, 'Sign in'),
    ),
    problem,
  );
}

/**
 * The most useful words an error carries: the server's own message, the provider's description of
 * an OAuth error (the player cancelled, the client is misconfigured), or the library's message.
 */
export function messageOf(error: unknown): string {
  if (error instanceof Error && error.name === 'TurngateError') return error.message || errorInWords(error);
  if (error instanceof AuthorizationResponseError || error instanceof ResponseBodyError) {
    return error.error_description ? `${error.error_description} (${error.error})` : error.error;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}
