import type * as z from 'zod';
import {
  type AnyGame,
  accept,
  type Match,
  matchHash,
  type PlayerId,
  type ReplayStart,
  reject,
  replayStartOf,
  replayStep,
  startOfReplay,
  viewFor,
} from '../engine/index.js';
import type { GameStore, MoveLogEntry } from '../ports/index.js';
import {
  MAX_LOG_READ,
  MAX_REPLAY_PAGE,
  MAX_REPLAY_PAGE_BYTES,
  MAX_REPLAY_VIEW_STEPS,
  REPLAY_FORMAT,
  type ReplayPage,
  type ReplayPosition,
  type ReplayStepEntry,
  type replayQuerySchema,
  replayStepOf,
} from '../protocol/index.js';
import { type LobbyDeps, type LobbyResult, summarize } from './lobby.js';
import { gameOf, logEntryFor, whoPlays, wireResult } from './messages.js';
import { stepDigest } from './step-digest.js';

type ReplayDeps = Pick<LobbyDeps, 'games' | 'matches' | 'clock'>;

/**
 * `GET /api/matches/{id}/replay` (protocol/replay.ts): a page of the match, step by step, as much as
 * the caller may know. A finished match of a game that publishes its seed answers in full: the seed,
 * each step whole with its recorded fingerprint, and the final record's. Anything else answers the
 * caller's own view after each step, computed here by replaying the match from its start: nothing
 * the rules hide from the caller, and never the seed, leaves the server.
 */
export async function matchReplay(
  deps: ReplayDeps,
  id: string,
  query: z.infer<typeof replayQuerySchema>,
  viewer: string | null,
): Promise<LobbyResult<ReplayPage>> {
  // The match first, then its log: every step up to the version read is in the log by then.
  const stored = await deps.matches.get(id);
  if (stored === undefined) return reject('unknown_game', `there is no match "${id}"`);
  const game = gameOf(deps.games, stored.match);
  const { match } = stored;
  const full = match.status === 'finished' && game.log.seedAtEnd;
  const seated = viewer !== null && match.players.includes(viewer) ? viewer : null;
  const head = {
    format: REPLAY_FORMAT,
    match: summarize(stored, deps.clock.now()),
    reveal: full ? 'full' : 'views',
    viewer: seated,
    through: match.version,
    ...(full && { finalHash: matchHash(match, stepDigest) }),
  } as const;
  const start = replayStartOf(match);
  if (start === undefined) return accept({ ...head, start: null, steps: [], next: null });

  const after = query.after ?? 0;
  const limit = query.limit ?? MAX_REPLAY_PAGE;
  const publicStart = {
    seats: start.seats,
    players: [...start.players],
    ...(start.timeControl && { timeControl: start.timeControl }),
    ...(start.startedAt !== undefined && { startedAt: start.startedAt }),
    ...(full && { seed: start.seed }),
  };
  // The step's args as the log shows them to the caller (everything, in a full replay).
  const shown = (entry: MoveLogEntry): ReplayStepEntry => ({
    ...logEntryFor(game, match, entry, seated),
    ...(full && entry.hash !== undefined && { hash: entry.hash }),
  });

  if (full && query.views !== 'true') {
    const entries = await readLog(deps.matches, id, after, match.version, limit + 1);
    return accept({ ...head, start: publicStart, ...paged(entries.map(shown), entries.length > limit, limit) });
  }

  const earlier = await readLog(deps.matches, id, 0, after, MAX_REPLAY_VIEW_STEPS);
  const room = Math.min(limit, MAX_REPLAY_VIEW_STEPS - earlier.length);
  if (room <= 0) {
    return reject('bad_args', `after: views are computed for the first ${MAX_REPLAY_VIEW_STEPS} steps of a match only`);
  }
  const entries = await readLog(deps.matches, id, after, match.version, room + 1);
  const views = viewsAlong(game, start, earlier, entries.slice(0, room), seated);
  const steps = entries.slice(0, room).map((entry, index) => ({ ...shown(entry), ...views.after[index] }));
  const more = entries.length > room;
  return accept({
    ...head,
    start: { ...publicStart, ...(after === 0 && views.atStart) },
    ...paged(steps, more, room),
  });
}

/**
 * The caller's view at the start and after each of `entries`, replaying the match from its start
 * through `earlier` first. The log is the server's own: a step that does not apply means the rules
 * changed under a live match, and the throw (a 500, logged) says which step.
 */
function viewsAlong(
  game: AnyGame,
  start: ReplayStart,
  earlier: readonly MoveLogEntry[],
  entries: readonly MoveLogEntry[],
  viewer: PlayerId | null,
): { readonly atStart: Seen; readonly after: Seen[] } {
  let position: Match = startOfReplay(game, start);
  const atStart = seenAt(game, position, viewer);
  let number = 0;
  for (const entry of earlier) position = replayStep(game, position, replayStepOf(entry), ++number);
  const after = entries.map((entry) => {
    position = replayStep(game, position, replayStepOf(entry), ++number);
    return seenAt(game, position, viewer);
  });
  return { atStart, after };
}

type Seen = Required<Pick<ReplayStepEntry, 'view' | 'position'>>;

/** The viewer's view of a replayed match, and where it stands. */
function seenAt(game: AnyGame, match: Match, viewer: PlayerId | null): Seen {
  return { view: viewFor(game, match, viewer), position: positionOf(match) };
}

/** Where a match stands: public, as every summary shows it. */
export function positionOf(match: Match): ReplayPosition {
  const { currentPlayer, activePlayers, left } = whoPlays(match);
  return {
    status: match.status,
    turn: match.turn,
    currentPlayer,
    activePlayers,
    left,
    result: wireResult(match.result),
  };
}

/**
 * The page's steps within MAX_REPLAY_PAGE_BYTES (at least one), and where the next page starts:
 * after the last step kept, when steps were left out or the log goes on.
 */
function paged(steps: readonly ReplayStepEntry[], more: boolean, limit: number): Pick<ReplayPage, 'steps' | 'next'> {
  const kept: ReplayStepEntry[] = [];
  let bytes = 0;
  for (const step of steps.slice(0, limit)) {
    bytes += Buffer.byteLength(JSON.stringify(step));
    if (kept.length > 0 && bytes > MAX_REPLAY_PAGE_BYTES) break;
    kept.push(step);
  }
  const cut = kept.length < Math.min(steps.length, limit);
  return { steps: kept, next: cut || more ? (kept.at(-1)?.version ?? null) : null };
}

/**
 * The logged steps with a version in (after, through], oldest first, at most `max` of them: read
 * MAX_LOG_READ at a time, so a replay deep into a long match costs a read per thousand steps.
 */
export async function readLog(
  store: GameStore,
  id: string,
  after: number,
  through: number,
  max: number,
): Promise<MoveLogEntry[]> {
  const entries: MoveLogEntry[] = [];
  let from = after;
  while (entries.length < max && from < through) {
    const page = await store.moveLog(id, { after: from, limit: Math.min(MAX_LOG_READ, max - entries.length) });
    if (page === undefined) break; // the match expired between the two reads: what was read stands
    entries.push(...page.moves.filter((entry) => entry.version <= through));
    const last = page.moves.at(-1);
    if (page.next === null || last === undefined || last.version >= through) break;
    from = last.version;
  }
  return entries.slice(0, max);
}
