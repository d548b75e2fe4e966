import * as z from 'zod';
import { defineGame, type PlayerId } from '../src/engine/index.js';

/**
 * Rock-paper-scissors, best of three: both players choose at once, and neither sees the other's hand
 * (in a state message, the move log or the lobby) until both have chosen. The secret lives in the
 * state, which `playerView` hides; the log keeps each hand private to its player (the game has a
 * view, so that is the default) until the match is over.
 */
export const HANDS = ['rock', 'paper', 'scissors'] as const;
export type Hand = (typeof HANDS)[number];

/** Rounds a player must win: best of three. A round both play the same hand is played again. */
export const WINS_NEEDED = 2;

/** A round both players have chosen in: public from then on. */
export interface PlayedRound {
  readonly hands: Readonly<Record<PlayerId, Hand>>;
  /** `null` when both played the same hand. */
  readonly winner: PlayerId | null;
}

export interface RockPaperScissorsState {
  /** This round's choices so far: the secret, until everyone has chosen. */
  readonly choices: Readonly<Record<PlayerId, Hand>>;
  readonly rounds: readonly PlayedRound[];
}

export interface RockPaperScissorsView {
  /** The viewer's own choice this round, if made; `null` for spectators. */
  readonly myChoice: Hand | null;
  /** Who has chosen this round (never what). */
  readonly chosen: readonly PlayerId[];
  readonly rounds: readonly PlayedRound[];
  readonly wins: Readonly<Record<PlayerId, number>>;
}

const BEATS: Readonly<Record<Hand, Hand>> = { rock: 'scissors', paper: 'rock', scissors: 'paper' };

function roundWinner(hands: Readonly<Record<PlayerId, Hand>>): PlayerId | null {
  const [[a, handA], [b, handB]] = Object.entries(hands) as [[PlayerId, Hand], [PlayerId, Hand]];
  if (handA === handB) return null;
  return BEATS[handA] === handB ? a : b;
}

export const winsOf = (state: RockPaperScissorsState, players: readonly PlayerId[]): Record<PlayerId, number> =>
  Object.fromEntries(players.map((player) => [player, state.rounds.filter((round) => round.winner === player).length]));

export const rockPaperScissors = defineGame({
  name: 'rock-paper-scissors',
  players: { min: 2, max: 2 },
  setup: (): RockPaperScissorsState => ({ choices: {}, rounds: [] }),
  moves: {
    choose: {
      args: z.object({ hand: z.enum(HANDS) }),
      apply(state, { hand }, ctx) {
        const choices = { ...state.choices, [ctx.player]: hand };
        if (Object.keys(choices).length < ctx.players.length) return { ...state, choices };
        // The last hand is in: the round is revealed, and the next one starts with nobody chosen.
        return { choices: {}, rounds: [...state.rounds, { hands: choices, winner: roundWinner(choices) }] };
      },
    },
  },
  turn: {
    // Everyone at once: whoever has not chosen yet this round.
    active: (state, ctx) => ctx.players.filter((player) => !Object.hasOwn(state.choices, player)),
  },
  playerView: (state, player, ctx): RockPaperScissorsView => ({
    // Own properties only: a user id may be any string, `constructor` included.
    myChoice: player !== null && Object.hasOwn(state.choices, player) ? (state.choices[player] as Hand) : null,
    chosen: ctx.players.filter((seated) => Object.hasOwn(state.choices, seated)),
    rounds: state.rounds,
    wins: winsOf(state, ctx.players),
  }),
  bots: {
    // The search bot's guess: the other's hand, if they have chosen, is any of the three.
    determinize: (view, ctx): RockPaperScissorsState => ({
      choices: Object.fromEntries(
        view.chosen.map((player) => [
          player,
          player === ctx.player && view.myChoice !== null
            ? view.myChoice
            : (HANDS[ctx.random.int(HANDS.length)] as Hand),
        ]),
      ),
      rounds: view.rounds,
    }),
  },
  // Hands are private in the log (the default for a game with a view): the state reveals each round.
  log: { revealAtEnd: true, seedAtEnd: true },
  endIf(state, ctx) {
    const wins = winsOf(state, ctx.players);
    const winner = ctx.players.find((player) => (wins[player] ?? 0) >= WINS_NEEDED);
    return winner === undefined ? undefined : { winners: [winner] };
  },
  clock: {
    allow: { turnMs: { min: 1_000, max: 24 * 60 * 60 * 1000 } },
    // Out of time: a hand at random, drawn from the match's seeded source.
    onTimeout: (_state, ctx) => ({ move: 'choose', args: { hand: HANDS[ctx.random.int(HANDS.length)] as Hand } }),
  },
});

export type RockPaperScissors = typeof rockPaperScissors;
