import { expect } from 'vitest';
import {
  type AnyGame,
  applyMove,
  createMatch,
  type Match,
  type MoveRequest,
  type PlayerId,
  type Result,
  seatPlayer,
} from '../../src/engine/index.js';

/** The value of an accepted result; fails the test with the rejection otherwise. */
export function accepted<T>(result: Result<T>): T {
  if (!result.ok) expect.fail(`expected acceptance, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

/** The rejection of a refused result; fails the test if it was accepted. */
export function rejected<T>(result: Result<T>): { code: string; message: string } {
  if (result.ok) expect.fail('expected a rejection, but the request was accepted');
  return result.error;
}

/** A running match with `players` seated in order (the last seat starts it). */
export function runningMatch(game: AnyGame, players: readonly PlayerId[], seed = 'test-seed'): Match {
  let match = accepted(createMatch(game, { seed, seats: players.length }));
  for (const player of players) match = accepted(seatPlayer(game, match, player));
  expect(match.status).toBe('running');
  return match;
}

export type Step = readonly [player: PlayerId, move: string, args: unknown];

/** Applies every step, each of which must be accepted; returns the final match. */
export function play(game: AnyGame, match: Match, steps: readonly Step[]): Match {
  return steps.reduce(
    (current, [player, move, args]) => accepted(applyMove(game, current, { player, move, args })),
    match,
  );
}

export const request = (player: PlayerId, move: string, args: unknown): MoveRequest => ({ player, move, args });
