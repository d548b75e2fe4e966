import { playMove, playTimeout } from './apply-move.js';
import type { AnyGame, PlayerId } from './define-game.js';
import type { Match } from './match.js';

/** One applied step of a match as its log keeps it: a player's move, or a timeout, at its recorded time. */
export type ReplayStep =
  | {
      readonly kind: 'move';
      readonly player: PlayerId;
      readonly move: string;
      readonly args: unknown;
      readonly at: number;
    }
  | { readonly kind: 'timeout'; readonly at: number };

/**
 * Replays applied steps from a started match. The engine is pure and time is an input, so the same
 * steps at the same recorded times give the same matches, every deadline and bank included. A step
 * that does not apply means the log and the match disagree: that throws.
 */
export function replay(game: AnyGame, started: Match, steps: readonly ReplayStep[]): Match {
  let match = started;
  for (const [index, step] of steps.entries()) {
    if (step.kind === 'timeout') {
      const played = playTimeout(game, match, { turn: match.turn, at: step.at });
      if (!played.ok) throw new Error(`replay step ${index}: the timeout did not apply (${played.skip})`);
      match = played.value.next;
    } else {
      const played = playMove(game, match, step);
      if (!played.ok) throw new Error(`replay step ${index}: ${played.error.code}: ${played.error.message}`);
      match = played.value.next;
    }
  }
  return match;
}
