import type * as z from 'zod';
import {
  type AnyGame,
  accept,
  type Match,
  type Result,
  reject,
  replay,
  replayStartOf,
  startOfReplay,
  viewFor,
} from '../engine/index.js';
import type { GameStore, StoredMatch } from '../ports/index.js';
import {
  type DevState,
  type devStateQuerySchema,
  type ErrorCode,
  MAX_LOG_READ,
  MAX_REPLAY_VIEW_STEPS,
  replayStepOf,
} from '../protocol/index.js';
import { type LobbyDeps, type LobbyResult, summarize } from './lobby.js';
import { gameOf } from './messages.js';
import { positionOf, readLog } from './replay.js';

type DevStateDeps = Pick<LobbyDeps, 'games' | 'matches' | 'clock'>;

/**
 * `GET /api/dev/matches/{id}/state` (protocol/dev-state.ts), **development only**: the http handler
 * routes it only where the development sign-in is on, where anyone may sign in as any player and so
 * see every view anyway. The true state, every seat's view and the whole log: what the web UI's debug
 * panel shows beside the board, now or at a past position (viewing it, never undoing it).
 */
export async function devMatchState(
  deps: DevStateDeps,
  id: string,
  query: z.infer<typeof devStateQuerySchema>,
): Promise<LobbyResult<DevState>> {
  const stored = await deps.matches.get(id);
  if (stored === undefined) return reject('unknown_game', `there is no match "${id}"`);
  const game = gameOf(deps.games, stored.match);
  const shown = await matchAt(deps.matches, game, stored, query.at);
  if (!shown.ok) return shown;
  const { at, match } = shown.value;

  const through = stored.match.version;
  const after = query.after ?? 0;
  const entries = after >= through ? [] : await readLog(deps.matches, stored.id, after, through, MAX_LOG_READ + 1);
  // Fingerprints are for checking full replays; the panel has no use for them.
  const log = entries.slice(0, MAX_LOG_READ).map(({ hash: _replaysOnly, ...entry }) => entry);
  return accept({
    match: summarize(stored, deps.clock.now()),
    at,
    position: positionOf(match),
    state: match.state,
    views: [...match.players, null].map((player) => ({ player, view: viewFor(game, match, player) })),
    log,
    next: entries.length > MAX_LOG_READ ? (log.at(-1)?.version ?? null) : null,
  });
}

/**
 * The match as it was at version `at`: replayed by the engine from its seed and start through the
 * logged steps up to it, as the replay's views are, or the stored match itself when `at` asks for now.
 */
async function matchAt(
  store: GameStore,
  game: AnyGame,
  stored: StoredMatch,
  at: number | undefined,
): Promise<Result<{ at: number; match: Match }, ErrorCode>> {
  const { match } = stored;
  const start = replayStartOf(match);
  if (at === undefined || at >= match.version || start === undefined) return accept({ at: match.version, match });
  const entries = await readLog(store, stored.id, 0, at, MAX_REPLAY_VIEW_STEPS + 1);
  if (entries.length > MAX_REPLAY_VIEW_STEPS) {
    return reject(
      'bad_args',
      `at: positions are computed for the first ${MAX_REPLAY_VIEW_STEPS} steps of a match only`,
    );
  }
  return accept({ at, match: replay(game, startOfReplay(game, start), entries.map(replayStepOf)) });
}
