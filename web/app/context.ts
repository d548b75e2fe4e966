import type { LobbyClient, SignedIn } from '../../src/client/index.js';

/** What every page gets: who is signed in, the lobby API as that user, and where the WebSocket lives. */
export interface AppContext {
  readonly session: SignedIn;
  readonly lobby: LobbyClient;
  /** `ws(s)://host/`: the local runtime serves the WebSocket on the page's own origin. */
  readonly socketUrl: string;
  navigate(hash: string): void;
  /** Checks the sign-in with the lobby API; an expired one signs the user out and says why. */
  checkSignIn(): Promise<void>;
}

/** A mounted page: `dispose` closes its sockets and timers when the route changes. */
export interface Page {
  readonly element: HTMLElement;
  dispose(): void;
}

export const matchLink = (matchId: string): string =>
  `${location.origin}${location.pathname}#/match/${encodeURIComponent(matchId)}`;
