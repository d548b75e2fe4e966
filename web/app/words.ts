import { messageFor, type TurngateError } from '../../src/client/index.js';
import type { MatchSummary } from '../../src/client/lobby-schemas.js';

/** Codes whose server message carries the rule's own reason, which says more than the generic words. */
const WITH_REASON = new Set(['invalid_move', 'bad_args']);

/** An error in plain words for people: the protocol's sentence, plus the rule's reason where it helps. */
export function errorInWords(error: unknown): string {
  if (!isTurngateLike(error)) return 'Something went wrong.';
  const words = messageFor(error.code);
  return WITH_REASON.has(error.code) && error.message ? `${words} ${capitalise(error.message)}.` : words;
}

const isTurngateLike = (value: unknown): value is TurngateError =>
  value instanceof Error && value.name === 'TurngateError';

const capitalise = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** "alice (you)" for the viewer, the name for anyone else. */
export const playerName = (player: string, me: string): string => (player === me ? `${player} (you)` : player);

type Summary = Pick<
  MatchSummary,
  'status' | 'players' | 'seats' | 'currentPlayer' | 'activePlayers' | 'left' | 'result'
>;

/** One line that says where the match stands, from the viewer's point of view. */
export function standing(match: Summary, me: string): string {
  if (match.status === 'waiting') return `Waiting for players (${match.players.length} of ${match.seats} seated).`;
  if (match.status === 'finished') {
    const result = match.result;
    if (result === null) return 'The game is over.';
    if ('draw' in result) return 'The game is a draw.';
    if ('abandoned' in result) return 'The match was abandoned: nobody finished it.';
    if (result.winners.includes(me)) return 'You won!';
    return `${result.winners.join(' and ')} won.`;
  }
  if (match.left.includes(me)) return 'You left this match.';
  const mine = match.activePlayers.includes(me);
  const others = match.activePlayers.filter((player) => player !== me);
  if (mine) return others.length === 0 ? 'Your turn.' : `Your turn, with ${others.length} more to act.`;
  if (others.length === 0) return 'Waiting…';
  return others.length === 1 ? `Waiting for ${others[0]}.` : `Waiting for ${others.length} players.`;
}

export const GAME_TITLES: Readonly<Record<string, string>> = {
  'tic-tac-toe': 'Tic-tac-toe',
  'liars-dice': 'Liar’s Dice',
  'rock-paper-scissors': 'Rock, paper, scissors',
  'sealed-bid': 'Sealed bids',
};

export const gameTitle = (game: string): string => GAME_TITLES[game] ?? game;

const BOT_TITLES: Readonly<Record<string, string>> = { random: 'the random bot', mcts: 'the search bot' };

/** A bot as the lobby offers it: the built-in ones by what they do, a game's own by its name. */
export const botTitle = (bot: string): string => BOT_TITLES[bot] ?? `the ${bot} bot`;

export const timeOf = (epochMs: number): string =>
  new Date(epochMs).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
