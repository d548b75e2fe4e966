import * as z from 'zod';
import type { Match } from '../engine/index.js';
import { StoreError } from '../ports/errors.js';
import type { ListedMatch } from '../ports/game-store.js';
import { PHASES } from '../ports/retention.js';
import { matchClockSchema } from '../protocol/clock.js';
import { gameResultSchema } from '../protocol/lobby.js';
import { GAMES } from './tables.js';

/**
 * A match's phase: what the lobby's waiting list and the retention sweeps read through the ByPhase
 * index (tables.ts), kept by the writes that change a match's lifecycle and by the sweeps, never by a
 * move, so neither costs the move path a unit.
 *
 * - `open`: waiting, since it was created. The item carries `Open`, its lobby summary, which every
 *   write to a waiting match (a join) renews: a page of waiting matches is one Query of the index.
 * - `live`: running, since it started or since a sweep last found it active; also a match a move
 *   finished, until a sweep sees it (the finishing write is a move: it changes no phase).
 * - `ended`: finished, since it ended, once a sweep (RetentionStore `remember`) has seen it so.
 *
 * An unlisted (private) match is `open` while waiting too, for the sweeps, but carries no summary, so
 * the lobby skips it.
 *
 * A match that stops waiting without starting (abandoned, cancelled) loses `Open` but keeps `open`
 * until the sweep that ended it remembers it as `ended`: a crash in between leaves it due, and the
 * next sweep finishes the job.
 */
export { PHASES };

/** Who may act and who left, in a summary: user ids (the match item keeps seat numbers, for bytes). */
const OPEN_ACTIVE = 'ActivePlayers';
const OPEN_LEFT = 'Left';

/** The lobby summary a waiting match's item carries (`Open`): the public fields, nothing secret. */
export function openSummary(match: Match, createdAt: number, updatedAt: number): Record<string, unknown> {
  return {
    [GAMES.game]: match.game,
    [GAMES.seats]: match.seats,
    [GAMES.players]: match.players,
    [OPEN_ACTIVE]: match.activePlayers,
    [OPEN_LEFT]: match.left,
    [GAMES.currentPlayer]: match.currentPlayer,
    [GAMES.turn]: match.turn,
    [GAMES.version]: match.version,
    [GAMES.result]: match.result,
    ...(match.clock ? { [GAMES.clock]: match.clock } : {}),
    [GAMES.createdAt]: createdAt,
    [GAMES.updatedAt]: updatedAt,
  };
}

/**
 * What a new match's item carries for its phase: a waiting one its summary too, unless it is
 * unlisted (a private match, joined by invite): the sweeps see it, the lobby does not.
 */
export function phaseOfNew(match: Match, now: number, unlisted: boolean): Record<string, unknown> {
  return {
    [GAMES.phase]: PHASES[match.status],
    [GAMES.phaseAt]: now,
    ...(match.status === 'waiting' && !unlisted ? { [GAMES.open]: openSummary(match, now, now) } : {}),
  };
}

/**
 * What a write of `next` over `before` changes of the phase: a waiting match's summary is renewed;
 * a match that starts becomes `live` now; one that stops waiting otherwise only loses its summary
 * (see above). Nothing for a running match: moves never pay for the lobby or the sweeps.
 */
export function phaseChange(
  before: Match,
  next: Match,
  times: { readonly createdAt: number; readonly now: number; readonly unlisted: boolean },
): { readonly set: Record<string, unknown>; readonly remove: readonly string[] } {
  if (next.status === 'waiting') {
    const open = times.unlisted ? {} : { [GAMES.open]: openSummary(next, times.createdAt, times.now) };
    return { set: open, remove: [] };
  }
  if (before.status !== 'waiting') return { set: {}, remove: [] };
  if (next.status === 'running') {
    return { set: { [GAMES.phase]: PHASES.running, [GAMES.phaseAt]: times.now }, remove: [GAMES.open] };
  }
  return { set: {}, remove: [GAMES.open] };
}

const openSchema = z.object({
  [GAMES.gameSessionId]: z.string(),
  [GAMES.open]: z.object({
    [GAMES.game]: z.string(),
    [GAMES.seats]: z.number(),
    [GAMES.players]: z.array(z.string()),
    [OPEN_ACTIVE]: z.array(z.string()),
    [OPEN_LEFT]: z.array(z.string()),
    [GAMES.currentPlayer]: z.string().nullable(),
    [GAMES.turn]: z.number(),
    [GAMES.version]: z.number(),
    [GAMES.result]: gameResultSchema.nullable(),
    [GAMES.clock]: matchClockSchema.optional(),
    [GAMES.createdAt]: z.number(),
    [GAMES.updatedAt]: z.number(),
  }),
});

/**
 * A waiting match as the ByPhase index lists it, or undefined for an index item without a summary
 * (a match that has just stopped waiting, until a sweep remembers it).
 */
export function listedFromOpen(item: Record<string, unknown>): ListedMatch | undefined {
  if (item[GAMES.open] === undefined) return undefined;
  const parsed = openSchema.safeParse(item);
  if (!parsed.success) {
    throw new StoreError(`malformed lobby summary of ${String(item[GAMES.gameSessionId])}: ${parsed.error.message}`);
  }
  const { GameSessionId: id, Open: open } = parsed.data;
  return {
    id,
    match: {
      game: open.Game,
      status: 'waiting',
      seats: open.Seats,
      players: open.Players,
      activePlayers: open[OPEN_ACTIVE],
      left: open[OPEN_LEFT],
      currentPlayer: open.CurrentPlayer,
      turn: open.Turn,
      version: open.Version,
      result: open.Result,
      ...(open.Clock ? { clock: open.Clock } : {}),
    },
    createdAt: open.CreatedAt,
    updatedAt: open.UpdatedAt,
  };
}
