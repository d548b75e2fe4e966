import type { AnyGame, PlayerId, ViewContext } from './define-game.js';
import type { Match } from './match.js';

/**
 * What `viewer` may see of a match: the game's playerView for a seated player, the spectator view
 * (playerView with `null`) for anyone else, and nothing before the game has a state.
 */
export function viewFor(game: AnyGame, match: Match, viewer: PlayerId | null): unknown {
  if (match.state === null) return null;
  const seated = viewer !== null && match.players.includes(viewer) ? viewer : null;
  return game.playerView(match.state, seated, viewContextOf(match));
}

/** What a view (and anything listed from one) is told about the match besides the state. */
export const viewContextOf = (match: Match): ViewContext => ({
  players: match.players,
  currentPlayer: soleActivePlayer(match),
  activePlayers: match.activePlayers,
  left: match.left,
  turn: match.turn,
});

/**
 * The one player who may act now, or `null` when several (or nobody) may: what "whose turn" means to
 * a client. For a game with one mover at a time it is the current player.
 */
export const soleActivePlayer = (match: Pick<Match, 'activePlayers'>): PlayerId | null =>
  match.activePlayers.length === 1 ? (match.activePlayers[0] as PlayerId) : null;
