import { describe, expect, it } from 'vitest';
import type { LiarsDice } from '../../games/liars-dice.js';
import type { TicTacToe, TicTacToeState } from '../../games/tic-tac-toe.js';
import {
  type GameClient,
  type LegalMoveOf,
  type LobbyClient,
  type MatchState,
  type MoveLogEntry,
} from '../../src/client/index.js';
import { MAX_BOT_STEPS_PER_INVOCATION } from '../../src/handlers/bot-turns.js';
import { ORDERING_MODES } from '../../src/handlers/index.js';
import type { LocalServerOptions } from '../../src/local/server.js';
import { silentLogger } from '../../src/ports/index.js';
import { nextEvent, stateWhere } from '../client/support/events.js';
import { suiteServer } from './support/suite-server.js';

const common: LocalServerOptions = {
  port: 0,
  serveWeb: false,
  logger: silentLogger,
  redeliveryDelayMs: 0,
  // A chosen seed fixes the dice and every bot's choice: the Liar's Dice match below is the same each run.
  allowClientSeeds: true,
};
const WIRINGS = {
  embedded: { ...common, database: ':memory:' },
  'aws-local': { ...common, wiring: 'aws-local', tokenSecret: 'x'.repeat(32) },
} satisfies Record<string, LocalServerOptions>;

/** Every entry of a match's log, page by page. */
async function wholeLog(lobby: LobbyClient, matchId: string): Promise<MoveLogEntry[]> {
  const moves: MoveLogEntry[] = [];
  for (let after = 0; ; ) {
    const page = await lobby.moveLog(matchId, { after });
    moves.push(...page.moves);
    if (page.next === null) return moves;
    after = page.next;
  }
}

/** A bot seat's log: its own moves, numbered 1, 2, 3… with one id per turn, each once. */
function expectLoggedOnce(log: readonly MoveLogEntry[], bot: string): MoveLogEntry[] {
  const moves = log.filter((entry) => entry.player === bot);
  expect(moves.map((entry) => entry.seq)).toEqual(moves.map((_, index) => index + 1));
  expect(new Set(moves.map((entry) => entry.moveId)).size).toBe(moves.length);
  for (const entry of moves) expect(entry.moveId).toMatch(/^bot:\d+$/);
  return moves;
}

/**
 * Plays as a person would: whenever the client may act, one of its legal moves (the server's list),
 * until the match is over. Answers the final state.
 */
async function playThrough<G>(
  client: GameClient<G>,
  choose: (moves: readonly LegalMoveOf<G>[]) => LegalMoveOf<G>,
): Promise<MatchState<G>> {
  for (;;) {
    const state = await stateWhere(
      client,
      (now) => now.status === 'finished' || (now.legalMoves?.moves.length ?? 0) > 0,
    );
    if (state.status === 'finished') return state;
    const moves = state.legalMoves?.moves ?? [];
    const ack = await client.play(choose(moves));
    await stateWhere(client, (now) => now.version >= ack.version);
  }
}

/**
 * Bots seated in real matches (issue 23), through the real server on each wiring in each ordering
 * mode: a person plays a whole match against each built-in bot, bots fill a table, take over a
 * leaver's seat, and choose for a player whose time ran out; every bot move is logged once.
 */
describe.each(ORDERING_MODES)('bots, %s mode', (orderingMode) => {
  describe.each(Object.entries(WIRINGS))('on the %s wiring', (_wiring, options) => {
    const suite = suiteServer({ ...options, orderingMode });
    const { player, connect } = suite;

    it.each(['random', 'mcts'])(
      'lets a person play a whole match of tic-tac-toe against %s, each bot move logged once',
      async (bot) => {
        const alice = await player('alice');
        const match = await alice.lobby.createMatch({ game: 'tic-tac-toe', join: true, bots: [bot] });
        const botId = `bot:${bot}:2`;
        expect(match).toMatchObject({ status: 'running', players: [alice.userId, botId], bots: { [botId]: bot } });

        const client = connect<TicTacToe>(match.id, alice);
        // The first legal cell each time: the person plays fast, not well.
        const final = await playThrough(client, (moves) => moves[0] as LegalMoveOf<TicTacToe>);
        expect(final.result).not.toBeNull();

        const log = await wholeLog(suite.lobby, match.id);
        const botMoves = expectLoggedOnce(log, botId);
        const marks = (final.view as TicTacToeState).board.filter((cell) => cell === 'O').length;
        expect(botMoves).toHaveLength(marks);
        expect(botMoves.every((entry) => entry.move === 'place')).toBe(true);
      },
      120_000,
    );

    it('plays a four-seat match of Liar’s Dice with three bots to its end', async () => {
      const dana = await player('dana');
      const bots = ['random', 'random', 'mcts'];
      const match = await dana.lobby.createMatch({ game: 'liars-dice', seats: 4, join: true, bots, seed: 'bots-1' });
      const client = connect<LiarsDice>(match.id, dana);
      // Dana bids every die on the table showing a six: the next player can only call it, and she is
      // soon out; the three bots play on alone.
      const final = await playThrough(
        client,
        (moves) => moves.filter((legal) => legal.move === 'bid').at(-1) ?? (moves[0] as LegalMoveOf<LiarsDice>),
      );
      expect(final.status).toBe('finished');
      const log = await wholeLog(suite.lobby, match.id);
      for (const [index, name] of bots.entries()) expectLoggedOnce(log, `bot:${name}:${index + 2}`);
      expect(new Set(log.map((entry) => entry.version)).size).toBe(log.length);
      // Once Dana was out, the bots played on alone: more moves in a row than one invocation plays
      // (direct mode), so the chain went on from the scheduler; in fifo mode, one queued turn each.
      let longestRun = 0;
      for (let run = 0, index = 0; index < log.length; index++) {
        run = log[index]?.player.startsWith('bot:') ? run + 1 : 0;
        longestRun = Math.max(longestRun, run);
      }
      expect(longestRun).toBeGreaterThan(MAX_BOT_STEPS_PER_INVOCATION);
    }, 240_000);

    it('lets a bot take over the seat of a player who leaves, where the match’s creator chose one', async () => {
      const [erin, frank] = await Promise.all([player('erin'), player('frank')]);
      const match = await erin.lobby.createMatch({ game: 'tic-tac-toe', join: true, replaceLeavers: 'random' });
      await frank.lobby.join(match.id);
      const client = connect<TicTacToe>(match.id, erin);
      await stateWhere(client, (state) => state.status === 'running');
      await client.move.place({ cell: 4 });

      await frank.lobby.leave(match.id);
      const taken = await stateWhere(client, (state) => state.bots[frank.userId] === 'random');
      expect(taken.left).toEqual([]);

      // Frank is no longer in the seat a bot plays: a move of his is refused while the match runs.
      const frankClient = connect<TicTacToe>(match.id, frank);
      await stateWhere(frankClient, (state) => state.bots[frank.userId] === 'random');
      await expect(frankClient.move.place({ cell: 0 })).rejects.toMatchObject({ code: 'player_left' });
      const final = await playThrough(client, (moves) => moves[0] as LegalMoveOf<TicTacToe>);
      expect(final.status).toBe('finished');
      const frankMoves = (await wholeLog(suite.lobby, match.id)).filter((entry) => entry.player === frank.userId);
      expect(frankMoves.length).toBeGreaterThan(0);
      expect(frankMoves.every((entry) => /^bot:\d+$/.test(entry.moveId))).toBe(true);
    }, 120_000);

    it('lets the match’s timeout bot choose for a player whose time ran out', async () => {
      const [gina, hal] = await Promise.all([player('gina'), player('hal')]);
      const match = await gina.lobby.createMatch({
        game: 'tic-tac-toe',
        join: true,
        timeControl: { turnMs: 1_000 },
        timeoutBot: 'mcts',
      });
      // Connected before the match starts, so no state of it can come before the socket (a loaded
      // machine may take longer than the turn's second to connect).
      const client = connect<TicTacToe>(match.id, gina);
      await stateWhere(client, (state) => state.status === 'waiting');
      const timedOut = nextEvent(client, 'timeout');
      await hal.lobby.join(match.id);
      // Gina, first to move, never does: the bot places her mark when her second runs out.
      const timeout = await timedOut;
      expect(timeout).toMatchObject({ player: gina.userId, outcome: { kind: 'move', move: 'place' } });
      const [entry] = await wholeLog(suite.lobby, match.id);
      expect(entry).toMatchObject({ player: gina.userId, seq: 0, moveId: 'timeout:1:bot', move: 'place' });
    }, 60_000);
  });
});
