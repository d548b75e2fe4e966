import {
  type AnyGame,
  accept,
  BOT_PLAYER_PREFIX,
  type Match,
  type MatchBots,
  type PlayerId,
  type Result,
  reject,
  seatPlayer,
} from '../engine/index.js';
import { botNamed } from './registry.js';

/**
 * Who plays which seat: the bots of a match as its record keeps them (Match.bots), from the moment
 * its creator asks for them to a leaver's seat a bot takes over. Pure.
 */

/** A bot's own seat: `bot:<name>:<seat>` (seats count from 1), unique in its match and no person's id. */
export const botPlayerId = (name: string, seat: number): PlayerId => `${BOT_PLAYER_PREFIX}${name}:${seat + 1}`;

/** The bot that plays `player`'s seat, if one does. Own keys only: a user id may be `__proto__`. */
export const botOf = (match: Pick<Match, 'bots'>, player: PlayerId): string | undefined => {
  const seats = match.bots?.seats;
  return seats !== undefined && Object.hasOwn(seats, player) ? seats[player] : undefined;
};

/** The first player (by seat) a bot plays who may act now, with that bot: who moves next for the bots. */
export function botToAct(match: Match): { readonly player: PlayerId; readonly bot: string } | undefined {
  if (match.status !== 'running' || match.bots === undefined) return undefined;
  for (const player of match.activePlayers) {
    const bot = botOf(match, player);
    if (bot !== undefined) return { player, bot };
  }
  return undefined;
}

/** What a match's creator asks of bots (protocol: `bots`, `timeoutBot`, `replaceLeavers`). */
export interface BotRequest {
  readonly bots?: readonly string[] | undefined;
  readonly timeoutBot?: string | undefined;
  readonly replaceLeavers?: string | undefined;
}

/**
 * The bots a new match gets, checked against what the game offers: every name one of its bots, bot
 * seats leaving at least one seat for a person, a timeout bot only for a match with a clock, a
 * replacement for leavers only where the game allows it. `undefined` when nothing is asked.
 */
export function matchBotsFor(
  game: AnyGame,
  request: BotRequest,
  match: Pick<Match, 'seats' | 'clock'>,
): Result<MatchBots | undefined> {
  const { bots = [], timeoutBot, replaceLeavers } = request;
  const named = [...bots, ...(timeoutBot ? [timeoutBot] : []), ...(replaceLeavers ? [replaceLeavers] : [])];
  const unknown = named.find((name) => botNamed(game, name) === undefined);
  if (unknown !== undefined) return reject('bad_args', `${game.name} has no bot "${unknown}"`);
  if (bots.length >= match.seats) return reject('bad_args', `bots: at most ${match.seats - 1} of ${match.seats} seats`);
  if (timeoutBot !== undefined && match.clock === undefined) {
    return reject('bad_args', 'timeoutBot: this match has no clock, so nobody’s time runs out');
  }
  if (replaceLeavers !== undefined && !game.botSupport.replaceLeavers) {
    return reject('bad_args', `replaceLeavers: ${game.name} does not let a bot take over a leaver’s seat`);
  }
  if (named.length === 0) return accept(undefined);
  return accept({
    seats: {},
    ...(timeoutBot === undefined ? {} : { onTimeout: timeoutBot }),
    ...(replaceLeavers === undefined ? {} : { replaceLeavers }),
  });
}

/** Seats each named bot in the next free seat, in order; the seat that fills the table starts the match at `at`. */
export function seatBots(game: AnyGame, match: Match, names: readonly string[], at: number): Result<Match> {
  let seated = match;
  for (const name of names) {
    const player = botPlayerId(name, seated.players.length);
    const next = seatPlayer(game, seated, player, at);
    if (!next.ok) return next;
    const seats = { ...seated.bots?.seats, [player]: name };
    seated = { ...next.value, bots: { ...seated.bots, seats } };
  }
  return accept(seated);
}

/**
 * The match with a bot in `player`'s seat, when the match's creator chose one for leavers (the game
 * allowed it then): the player's id, seat and moves so far stay; from now on the bot moves for them.
 * `undefined` when no bot takes over (the player leaves as the rules say).
 */
export function replaceLeaver(match: Match, player: PlayerId): Match | undefined {
  const bot = match.bots?.replaceLeavers;
  if (bot === undefined || match.status !== 'running' || botOf(match, player) !== undefined) return undefined;
  if (!match.players.includes(player) || match.left.includes(player)) return undefined;
  const seats = { ...match.bots?.seats, [player]: bot };
  return { ...match, version: match.version + 1, bots: { ...match.bots, seats } };
}
