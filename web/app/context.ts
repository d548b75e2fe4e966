import type { LobbyClient, MatchState } from '../../src/client/index.js';
import type { Session } from './session.js';

/** What every page gets: who is signed in, the lobby API as that user, and where the WebSocket lives. */
export interface AppContext {
  readonly session: Session;
  /** The lobby API with the current token: read it at each call, as a renewal replaces the token. */
  readonly lobby: LobbyClient;
  /** The WebSocket API's stage URL, from /config.json. */
  readonly socketUrl: string;
  /** The current token, renewed first when it is about to expire: asked before every (re)connect. */
  token(): Promise<string>;
  navigate(hash: string): void;
  /** Checks the sign-in with the lobby API; a refused one is renewed, or signs the user out and says why. */
  checkSignIn(): Promise<void>;
  /** Development mode (`devTools` in /config.json): pages offer the debug panel. */
  readonly devTools?: boolean;
  /** Told every state a match page receives: how the debug panel follows the match it embeds. */
  readonly onMatchState?: (state: MatchState<unknown>) => void;
}

/** A mounted page: `dispose` closes its sockets and timers when the route changes. */
export interface Page {
  readonly element: HTMLElement;
  dispose(): void;
}

export const matchLink = (matchId: string): string =>
  `${location.origin}${location.pathname}#/match/${encodeURIComponent(matchId)}`;
