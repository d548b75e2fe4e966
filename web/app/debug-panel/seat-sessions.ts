import type { LobbyClient, MatchState } from '../../../src/client/index.js';
import type { AppContext } from '../context.js';

export interface SeatSessions {
  /** The lobby API as `player`, signed in by the development sign-in. */
  lobbyAs(player: string): Promise<LobbyClient>;
  /** A page context as `player`: what a match page mounted for that seat runs with. */
  contextAs(player: string, onMatchState: (state: MatchState<unknown>) => void): Promise<AppContext>;
}

/**
 * The panel plays any seat by being its player: the development sign-in gives a token for any name
 * (a player's id is the name they signed in with), asked once per player while the panel is open.
 */
export function createSeatSessions(context: AppContext): SeatSessions {
  const tokens = new Map<string, Promise<string>>();
  const tokenFor = (player: string): Promise<string> => {
    let token = tokens.get(player);
    if (token === undefined) {
      token = context.lobby.signIn(player).then((signedIn) => signedIn.token);
      // A refused sign-in is asked again next time, not remembered.
      token.catch(() => tokens.delete(player));
      tokens.set(player, token);
    }
    return token;
  };
  return {
    lobbyAs: async (player) => context.lobby.withToken(await tokenFor(player)),
    async contextAs(player, onMatchState) {
      const token = await tokenFor(player);
      return {
        session: { userId: player, token },
        lobby: context.lobby.withToken(token),
        socketUrl: context.socketUrl,
        token: async () => token,
        navigate: context.navigate,
        // Development tokens last 12 hours, and the panel signs in again whenever it is opened.
        checkSignIn: async () => {},
        onMatchState,
      };
    },
  };
}
