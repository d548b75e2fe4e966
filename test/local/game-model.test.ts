import { describe, expect, it } from 'vitest';
import type { Hand, RockPaperScissors, RockPaperScissorsView } from '../../games/rock-paper-scissors.js';
import type { SealedBid, SealedBidView } from '../../games/sealed-bid.js';
import type { TicTacToe } from '../../games/tic-tac-toe.js';
import { type MoveLogEntry } from '../../src/client/index.js';
import { ORDERING_MODES } from '../../src/handlers/index.js';
import type { LocalServerOptions } from '../../src/local/server.js';
import { silentLogger } from '../../src/ports/index.js';
import { stateWhere } from '../client/support/events.js';
import { type SuitePlayer, suiteServer } from './support/suite-server.js';

const common: LocalServerOptions = { port: 0, serveWeb: false, logger: silentLogger, redeliveryDelayMs: 0 };
const WIRINGS = {
  embedded: { ...common, database: ':memory:' },
  'aws-local': { ...common, wiring: 'aws-local', tokenSecret: 'x'.repeat(32) },
} satisfies Record<string, LocalServerOptions>;

/** Rounds of rock-paper-scissors in one match: ties replay a round, so 98 ties and then two wins. */
const ROUNDS = 100;

/**
 * The game model through the real server (issue 21): players who act at once, moves out of turn,
 * leaving, and a log that keeps secrets, on each wiring in each ordering mode, with the SDK as a
 * game would use it.
 */
describe.each(ORDERING_MODES)('the game model, %s mode', (orderingMode) => {
  describe.each(Object.entries(WIRINGS))('on the %s wiring', (_wiring, options) => {
    const suite = suiteServer({ ...options, orderingMode });
    const { player, connect } = suite;
    type Player = SuitePlayer;
    async function table(game: string, seats: number) {
      const players = await Promise.all(['alice', 'bob', 'carol', 'dave', 'erin'].slice(0, seats).map(player));
      const [first, ...rest] = players as [Player, ...Player[]];
      const match = await first.lobby.createMatch({ game, seats, join: true });
      for (const other of rest) await other.lobby.join(match.id);
      return { id: match.id, players };
    }
    const log = async (matchId: string, as?: Player): Promise<MoveLogEntry[]> =>
      (await (as?.lobby ?? suite.lobby).moveLog(matchId)).moves;

    it(`plays ${ROUNDS} rounds of rock-paper-scissors where both choose at the same instant, each move settled once`, async () => {
      const { id, players } = await table('rock-paper-scissors', 2);
      const [alice, bob] = players as [Player, Player];
      const spectator = await player('carol');
      const a = connect<RockPaperScissors>(id, alice);
      const b = connect<RockPaperScissors>(id, bob);
      await stateWhere(b, (state) => state.status === 'running');
      expect(a.canAct && b.canAct).toBe(true);
      expect(b.availableMoves).toEqual(['choose']);

      // The first round one at a time, to look at what everyone can see between the two choices.
      await a.move.choose({ hand: 'rock' });
      const bobSees = await stateWhere(b, (state) => (state.view as RockPaperScissorsView).chosen.length === 1);
      // A hand anywhere is a quoted word (the game's own name only starts with one).
      const aHand = /"(rock|paper|scissors)"/;
      // Bob's own legal moves name every hand whatever alice chose (test/engine/legal-moves.property.test.ts).
      const { legalMoves, ...rest } = bobSees;
      expect(legalMoves?.moves.map(({ args }) => args)).toEqual([
        { hand: 'rock' },
        { hand: 'paper' },
        { hand: 'scissors' },
      ]);
      expect(JSON.stringify(rest)).not.toMatch(aHand);
      expect(bobSees.activePlayers).toEqual([bob.userId]);
      for (const viewer of [undefined, spectator, bob]) {
        const [entry] = await log(id, viewer);
        expect(entry).toMatchObject({ player: alice.userId, move: 'choose', args: null, hidden: true });
      }
      expect((await log(id, alice))[0]).toMatchObject({ args: { hand: 'rock' } });
      expect(JSON.stringify(await suite.lobby.match(id))).not.toMatch(aHand);
      await b.move.choose({ hand: 'rock' });

      const hands = (round: number): [Hand, Hand] => (round < ROUNDS - 1 ? ['rock', 'rock'] : ['paper', 'rock']);
      for (let round = 2; round <= ROUNDS; round++) {
        const [handA, handB] = hands(round);
        await Promise.all([a.move.choose({ hand: handA }), b.move.choose({ hand: handB })]);
      }
      const final = await stateWhere(a, (state) => state.status === 'finished');
      expect(final.result).toEqual({ winners: [alice.userId] });
      expect((final.view as RockPaperScissorsView).rounds).toHaveLength(ROUNDS);

      const moves: MoveLogEntry[] = [];
      for (let after = 0; ; ) {
        const page = await suite.lobby.moveLog(id, { after });
        moves.push(...page.moves);
        if (page.next === null) break;
        after = page.next;
      }
      expect(moves).toHaveLength(2 * ROUNDS);
      expect(new Set(moves.map((move) => move.moveId)).size).toBe(2 * ROUNDS);
      expect(moves.map((move) => move.version)).toEqual([...moves.map((move) => move.version)].sort((x, y) => x - y));
      // The match is over: the game reveals every hand, to anyone.
      expect(moves.every((move) => move.hidden === undefined)).toBe(true);
      // 200 moves through local SQS and dynalite: seconds when the machine is idle, more when it is not.
    }, 180_000);

    it('lets the player who is not to move resign, which ends the match', async () => {
      const { id, players } = await table('tic-tac-toe', 2);
      const [alice, bob] = players as [Player, Player];
      const a = connect<TicTacToe>(id, alice);
      const b = connect<TicTacToe>(id, bob);
      await stateWhere(b, (state) => state.status === 'running');
      expect(b.canAct).toBe(false);
      expect(b.availableMoves).toEqual(['resign', 'offerDraw']);
      await b.move.resign();
      const final = await stateWhere(a, (state) => state.status === 'finished');
      expect(final.result).toEqual({ winners: [alice.userId] });
    });

    it('lets the other two of a running three-player match play on after one leaves', async () => {
      const { id, players } = await table('sealed-bid', 3);
      const [alice, bob, carol] = players as [Player, Player, Player];
      const a = connect<SealedBid>(id, alice);
      const b = connect<SealedBid>(id, bob);
      await stateWhere(a, (state) => state.status === 'running');
      await Promise.all([a.move.bid({ amount: 5 }), b.move.bid({ amount: 3 })]);

      const left = await carol.lobby.leave(id);
      expect(left.queued).toBe(orderingMode === 'fifo');
      // Carol was the last to bid for the first lot: it is sold without her, and the next one is up.
      const after = await stateWhere(b, (state) => state.left.includes(carol.userId));
      expect(after).toMatchObject({ status: 'running', activePlayers: [alice.userId, bob.userId] });
      expect((after.view as SealedBidView).sold).toEqual([expect.objectContaining({ winner: alice.userId })]);
      for (let lot = 1; lot < 5; lot++) await Promise.all([a.move.bid({ amount: 1 }), b.move.bid({ amount: 0 })]);
      const final = await stateWhere(a, (state) => state.status === 'finished');
      expect(final.result).toMatchObject({ winners: expect.not.arrayContaining([carol.userId]) });
      expect((await log(id)).filter((move) => move.move === '$leave')).toEqual([
        expect.objectContaining({ player: carol.userId, seq: 0 }),
      ]);
      await expect(carol.lobby.leave(id)).resolves.toMatchObject({ queued: false });
    });
  });
});
