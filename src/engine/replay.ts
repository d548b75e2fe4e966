import { playMove } from './apply-move.js';
import type { AnyGame, PlayerId } from './define-game.js';
import type { Match } from './match.js';
import { playLeave, playTimeout } from './timeout-and-leave.js';

/**
 * One applied step of a match as its log keeps it, at its recorded time: a player's move, a timeout
 * (the player whose time ran out), or a player leaving.
 */
export type ReplayStep =
  | {
      readonly kind: 'move';
      readonly player: PlayerId;
      readonly move: string;
      readonly args: unknown;
      readonly at: number;
    }
  | { readonly kind: 'timeout'; readonly player?: PlayerId; readonly at: number }
  | { readonly kind: 'leave'; readonly player: PlayerId; readonly at: number };

/**
 * Replays applied steps from a started match. The engine is pure and time is an input, so the same
 * steps at the same recorded times give the same matches, every deadline and bank included. A step
 * that does not apply, or times out someone else than the log says, means the log and the match
 * disagree: that throws, naming the step.
 */
export function replay(game: AnyGame, started: Match, steps: readonly ReplayStep[]): Match {
  let match = started;
  for (const [index, step] of steps.entries()) match = replayStep(game, match, step, index);
  return match;
}

function replayStep(game: AnyGame, match: Match, step: ReplayStep, index: number): Match {
  switch (step.kind) {
    case 'timeout': {
      const played = playTimeout(game, match, { at: step.at });
      if (!played.ok) throw new Error(`replay step ${index}: the timeout did not apply (${played.skip})`);
      if (step.player !== undefined && played.value.player !== step.player) {
        throw new Error(`replay step ${index}: the timeout was ${played.value.player}'s, not ${step.player}'s`);
      }
      return played.value.next;
    }
    case 'leave': {
      const played = playLeave(game, match, step);
      if (!played.ok) throw new Error(`replay step ${index}: ${played.error.code}: ${played.error.message}`);
      return played.value.next;
    }
    case 'move': {
      const played = playMove(game, match, step);
      if (!played.ok) throw new Error(`replay step ${index}: ${played.error.code}: ${played.error.message}`);
      return played.value.next;
    }
  }
}
