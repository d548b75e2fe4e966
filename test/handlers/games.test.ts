import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiarsDiceState, LiarsDiceView } from '../../games/liars-dice.js';
import type { StateMessage } from '../../src/protocol/index.js';
import { type Harness, openMatch, Player, startHarness } from './support/harness.js';

/**
 * Whole games played by two connections through every piece: $connect, the move route, SQS FIFO,
 * the consumer, DynamoDB Local (the reference engine) and the Management API fan-out.
 */
let harness: Harness;
beforeAll(async () => {
  harness = await startHarness('dynamodb-local');
});
afterAll(() => harness?.stop());

const states = (player: Player): StateMessage[] =>
  player.messages().filter((message): message is StateMessage => message.type === 'state');

describe('a full game of tic-tac-toe', () => {
  it('is played to a win, both players seeing every state and the mover its ack', async () => {
    const id = await openMatch(harness, 'tic-tac-toe', ['alice', 'bob']);
    const alice = new Player(harness, 'alice');
    const bob = new Player(harness, 'bob');
    expect((await alice.connect(id)).statusCode).toBe(200);
    expect((await bob.connect(id)).statusCode).toBe(200);

    // X takes the top row; O answers in the middle row. Each player numbers their own moves.
    const plays: [Player, string, number, number][] = [
      [alice, 'a1', 1, 0],
      [bob, 'b1', 1, 3],
      [alice, 'a2', 2, 1],
      [bob, 'b2', 2, 4],
      [alice, 'a3', 3, 2],
    ];
    for (const [player, moveId, seq, cell] of plays) {
      expect(await player.move(moveId, 'place', { cell }, seq)).toEqual([{ batchItemFailures: [] }]);
      const mine = player.last();
      expect(mine).toMatchObject({ type: 'state', ack: { id: moveId, seq, version: (mine as StateMessage).version } });
    }

    for (const player of [alice, bob]) {
      const seen = states(player);
      expect(seen).toHaveLength(plays.length);
      expect(seen.map((state) => state.turn)).toEqual([2, 3, 4, 5, 6]);
      // Acks only on this player's own moves.
      expect(seen.flatMap((state) => (state.ack ? [state.ack.id] : []))).toEqual(
        plays.filter(([mover]) => mover === player).map(([, moveId]) => moveId),
      );
      expect(seen.at(-1)).toMatchObject({
        status: 'finished',
        result: { winners: ['alice'] },
        currentPlayer: null,
        view: { board: ['X', 'X', 'X', 'O', 'O', null, null, null, null] },
      });
    }

    // Over is over: a late move is dropped with game_not_running.
    await bob.move('b3', 'place', { cell: 8 }, 3);
    expect(bob.last()).toEqual({ type: 'error', code: 'game_not_running', message: expect.any(String), id: 'b3' });
    const log = await harness.stores.matches.moveLog(id);
    expect(log?.moves.map((entry) => [entry.player, entry.seq, entry.moveId])).toEqual(
      plays.map(([player, moveId, seq]) => [player.userId, seq, moveId]),
    );
    expect(log?.next).toBeNull();
  });
});

describe("a full game of Liar's Dice", () => {
  it('is played to the end, each player seeing only their own dice', async () => {
    const id = await openMatch(harness, 'liars-dice', ['alice', 'bob'], { seed: 'handlers-test' });
    const players = { alice: new Player(harness, 'alice'), bob: new Player(harness, 'bob') };
    const spectator = new Player(harness, 'carol');
    for (const player of [players.alice, players.bob, spectator])
      expect((await player.connect(id)).statusCode).toBe(200);

    let moves = 0;
    const truthAt = new Map<number, LiarsDiceState>();
    for (;;) {
      const stored = await harness.stores.matches.get(id);
      if (stored === undefined) throw new Error('the match vanished');
      const { match } = stored;
      if (match.status === 'finished') break;
      const state = match.state as LiarsDiceState;
      const mover = players[match.currentPlayer as 'alice' | 'bob'];
      // Open each round with the lowest bid; the other player challenges it.
      const [move, args] = state.bid === null ? ['bid', { quantity: 1, face: 1 }] : ['challenge', {}];
      expect(await mover.move(`m${++moves}`, move, args)).toEqual([{ batchItemFailures: [] }]);
      expect(mover.last()).toMatchObject({ type: 'state', ack: { id: `m${moves}` } });

      // Every recipient's latest view against the stored truth: own dice only.
      const after = await harness.stores.matches.get(id);
      const truth = after?.match.state as LiarsDiceState;
      truthAt.set(after?.match.version ?? 0, truth);
      for (const [userId, player] of Object.entries(players)) {
        const view = player.last()?.type === 'state' ? ((player.last() as StateMessage).view as LiarsDiceView) : null;
        expect(view?.myDice).toEqual(truth.dice[userId]);
        expect(view).not.toHaveProperty('dice');
      }
      const watched = (spectator.last() as StateMessage).view as LiarsDiceView;
      expect(watched.myDice).toBeNull();
      expect(watched.diceCounts).toEqual({ alice: truth.dice.alice?.length, bob: truth.dice.bob?.length });
      expect(moves).toBeLessThan(40);
    }

    const final = await harness.stores.matches.get(id);
    const winner = (final?.match.result as { winners: string[] } | undefined)?.winners[0];
    expect(['alice', 'bob']).toContain(winner);
    for (const player of [players.alice, players.bob, spectator]) {
      expect(player.last()).toMatchObject({ type: 'state', status: 'finished', result: { winners: [winner] } });
    }

    // Every state message each player ever received held exactly their own dice of that version.
    for (const [userId, player] of Object.entries(players)) {
      const received = states(player);
      expect(received).toHaveLength(moves);
      for (const state of received) {
        const view = state.view as LiarsDiceView;
        expect(view.myDice).toEqual(truthAt.get(state.version)?.dice[userId]);
        expect(Object.keys(view).sort()).toEqual(['bid', 'diceCounts', 'lastReveal', 'myDice', 'round']);
      }
    }
  });
});
