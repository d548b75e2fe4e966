import type { MatchState, ReplayPosition } from '../../../src/client/index.js';

/** A past position of a match, as the server computed it for one viewer. */
export interface PastPosition {
  readonly matchId: string;
  readonly game: string;
  readonly version: number;
  readonly players: readonly string[];
  /** The seats bots play (player id → bot name). */
  readonly bots: Readonly<Record<string, string>>;
  readonly position: ReplayPosition;
  /** A seated player, or `null` for a spectator. */
  readonly viewer: string | null;
  readonly view: unknown;
}

/**
 * A past position as a board draws it: what the viewer's page was sent then, but with no moves to
 * make, since the past cannot be played. Used by the replay viewer and the debug panel.
 */
export function pastState({
  matchId,
  game,
  version,
  players,
  bots,
  position,
  viewer,
  view,
}: PastPosition): MatchState<unknown> {
  return {
    matchId,
    game,
    version,
    players: [...players],
    bots: { ...bots },
    ...position,
    ...(viewer !== null && { you: viewer }),
    // Boards of any game are drawn here: the view's type is its game's, which this code does not know.
    view: view as MatchState<unknown>['view'],
    yourMoves: [],
  };
}
