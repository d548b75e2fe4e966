import { createHash } from 'node:crypto';
import { botOf } from '../bots/index.js';
import {
  accept,
  createMatch,
  isBotPlayerId,
  type Match,
  type MatchBots,
  type Result,
  reject,
  seatPlayer,
} from '../engine/index.js';
import type { PlayerNotice, StoredMatch } from '../ports/index.js';
import type { ErrorCode, MatchSummary } from '../protocol/index.js';
import { armTurnTimer } from './arm-turn-timer.js';
import { continueBots } from './bot-turns.js';
import { broadcastState } from './broadcast.js';
import { outboxFor } from './delivery.js';
import { newInviteCode } from './invite.js';
import { type LobbyDeps, type LobbyResult, summarize } from './lobby.js';
import { describeError } from './log-fields.js';
import { gameOf } from './messages.js';

/**
 * The rematch of a finished match: a new match of the same game, seats, time control and
 * listing, with the same players (but those who left it) seated one place on (whoever sat second now
 * starts), running at once when all of them stayed. Its id is derived from the finished match's, so however many players ask, concurrently or
 * again later, the store's conditional create lets exactly one request make it and every other
 * request reads it back. The request that made it tells the others: a `state` message of the
 * finished match carrying `rematch` to every open connection, and a `rematch` notice to seated
 * players who are away.
 */
export async function rematch(deps: LobbyDeps, id: string, userId: string): Promise<LobbyResult<MatchSummary>> {
  const finished = await deps.matches.get(id);
  if (finished === undefined) return reject('unknown_game', `there is no match "${id}"`);
  if (!finished.match.players.includes(userId)) return reject('not_a_player', 'only its players may ask for a rematch');
  if (finished.match.left.includes(userId)) return reject('forbidden', 'you left this match');
  if (finished.match.status !== 'finished') return reject('game_not_running', 'the match is not over yet');
  const newId = rematchIdOf(id);
  const existing = await deps.matches.get(newId);
  if (existing !== undefined) return accept(summarize(existing, deps.clock.now()));

  const now = deps.clock.now();
  const next = rematchOf(deps, finished.match, now);
  if (!next.ok) return next;
  const invite = finished.invite === undefined ? undefined : newInviteCode();
  if ((await deps.matches.create(newId, next.value, now, invite === undefined ? {} : { invite })) === 'conflict') {
    const made = await deps.matches.get(newId);
    if (made === undefined) throw new Error(`rematch ${newId} was created and is gone`);
    return accept(summarize(made, deps.clock.now()));
  }
  const written: StoredMatch = {
    id: newId,
    match: next.value,
    ledgers: {},
    createdAt: now,
    updatedAt: now,
    ...(invite === undefined ? {} : { invite }),
  };
  deps.logger.info('match.rematch', { matchId: newId, of: id, by: userId });
  await Promise.all([armTurnTimer(deps, written), tellPlayers(deps, finished, written, userId)]);
  // A bot may sit first now.
  await continueBots(deps, written);
  return accept(summarize(written, now));
}

/** The rematch's id: a digest of the finished match's, so every request names the same one. */
export const rematchIdOf = (id: string): string =>
  createHash('sha256').update(`rematch:${id}`).digest('base64url').slice(0, 22);

/**
 * The new match: same settings, the players who stayed seated one place on (a full table starts
 * itself; a seat of a player who left stays open, for anyone the lobby or an invite brings). Bots
 * keep their seats and the match its choice of bots; a leaver's seat a bot took over is open again.
 */
function rematchOf(deps: LobbyDeps, finished: Match, now: number): Result<Match, ErrorCode> {
  const game = gameOf(deps.games, finished);
  const bots = botsOf(finished);
  const created = createMatch(game, {
    seed: deps.newId(),
    seats: finished.seats,
    ...(finished.clock ? { timeControl: finished.clock.control } : {}),
    ...(bots && { bots }),
  });
  if (!created.ok) return created;
  const tookOver = (player: string) => botOf(finished, player) !== undefined && !isBotPlayerId(player);
  const stayed = finished.players.filter((player) => !finished.left.includes(player) && !tookOver(player));
  const rotated = [...stayed.slice(1), ...stayed.slice(0, 1)];
  let match = created.value;
  for (const player of rotated) {
    const seated = seatPlayer(game, match, player, now);
    if (!seated.ok) return seated;
    match = seated.value;
  }
  return accept(match);
}

/** The finished match's bots for its rematch: its bots' own seats, and its choice of bots for timeouts and leavers. */
function botsOf(finished: Match): MatchBots | undefined {
  if (finished.bots === undefined) return undefined;
  const seats = Object.fromEntries(Object.entries(finished.bots.seats).filter(([player]) => isBotPlayerId(player)));
  return { ...finished.bots, seats };
}

/** Everyone watching the finished match hears of the rematch; seated players without a connection get a notice. */
async function tellPlayers(deps: LobbyDeps, finished: StoredMatch, made: StoredMatch, by: string): Promise<void> {
  let connected: ReadonlySet<string> = new Set([by]);
  if (deps.webSocketEndpoint !== undefined) {
    try {
      const outbox = { ...outboxFor(deps, deps.webSocketEndpoint), clock: deps.clock };
      const rematch = { matchId: made.id, by };
      connected = await broadcastState(outbox, gameOf(deps.games, finished.match), finished, undefined, { rematch });
    } catch (error) {
      deps.logger.error('rematch.push_failed', { matchId: finished.id, error: describeError(error) });
    }
  }
  if (deps.notifier === undefined) return;
  const notices = made.match.players
    .filter((player) => player !== by && !connected.has(player))
    .map(
      (userId): PlayerNotice => ({
        kind: 'rematch',
        userId,
        matchId: made.id,
        game: made.match.game,
        version: made.match.version,
      }),
    );
  if (notices.length === 0) return;
  try {
    await deps.notifier.notify(notices);
  } catch (error) {
    deps.logger.error('notify.failed', { matchId: made.id, error: describeError(error) });
  }
}
