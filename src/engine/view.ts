import type { AnyGame, PlayerId } from './define-game.js';
import type { Match } from './match.js';

/**
 * What `viewer` may see of a match: the game's playerView for a seated player, the spectator view
 * (playerView with `null`) for anyone else, and nothing before the game has a state.
 */
export function viewFor(game: AnyGame, match: Match, viewer: PlayerId | null): unknown {
  if (match.state === null) return null;
  const seated = viewer !== null && match.players.includes(viewer) ? viewer : null;
  return game.playerView(match.state, seated, {
    players: match.players,
    currentPlayer: match.currentPlayer,
    turn: match.turn,
  });
}
