import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { AnyGame } from '../../src/engine/index.js';
import {
  createMoveHandler,
  createQueueHandler,
  gameRegistry,
  ORDERING_MODES,
  type OrderingMode,
} from '../../src/handlers/index.js';
import type { ConnectionStore, GameStore } from '../../src/ports/index.js';
import { silentLogger } from '../../src/ports/index.js';
import { MOVE_WINDOW, type QueuedMove, type ServerMessage } from '../../src/protocol/index.js';
import { messageEvent, SEED_ENDPOINT, sqsEvent, sqsRecord } from '../handlers/support/events.js';
import { marathon, runningMarathon } from '../support/marathon-game.js';
import { recordingFanout } from '../support/recording-fanout.js';

export interface ExactlyOnceStores {
  readonly matches: GameStore;
  readonly connections: ConnectionStore;
}

const FIVE_MINUTES_MS = 5 * 60 * 1000;

/**
 * The exactly-once contract (src/protocol/move-ledger.ts) as a client sees it, in both ordering
 * modes (through the real queue consumer, and through the real `move` route settling directly) and
 * a real store: whatever the store and the mode, a move id settles once for the life of the match,
 * and a repeat gets its first outcome or the typed `already_settled`. Deliveries are recorded (the
 * fan-out is not what is under test here); the clock is the test's, so five minutes pass at once.
 */
export function describeExactlyOnceContract(
  name: string,
  makeStores: () => Promise<ExactlyOnceStores> | ExactlyOnceStores,
) {
  for (const mode of ORDERING_MODES) describeInMode(name, mode, makeStores);
}

function describeInMode(
  name: string,
  mode: OrderingMode,
  makeStores: () => Promise<ExactlyOnceStores> | ExactlyOnceStores,
) {
  const openTable = (stores: ExactlyOnceStores, players: readonly string[]) => openTableIn(mode, stores, players);
  describe(`exactly-once contract: ${name}, ${mode} mode`, () => {
    it('an id resent after 100 later moves and 5 minutes applies nothing and gets a typed answer', async () => {
      const table = await openTable(await makeStores(), ['solo']);
      const first = await table.move('solo', { id: 'first', seq: 1, args: { by: 1 } });
      expect(first).toMatchObject({ type: 'state', ack: { id: 'first', seq: 1 } });
      for (let seq = 2; seq <= 101; seq++) await table.move('solo', { id: `m${seq}`, seq, args: { by: 1 } });
      table.clock.advance(FIVE_MINUTES_MS + 1_000);
      const before = await table.read();

      // The same frame, resent: its seq is far older than what the server still holds.
      expect(await table.move('solo', { id: 'first', seq: 1, args: { by: 3 } })).toMatchObject({
        type: 'error',
        code: 'already_settled',
        id: 'first',
      });
      expect(await table.read()).toEqual(before);
      expect((await table.log()).filter((entry) => entry.moveId === 'first')).toHaveLength(1);
    });

    it('an id repeated within the window gets exactly its first outcome, with the version it made', async () => {
      const table = await openTable(await makeStores(), ['solo']);
      const applied = await table.move('solo', { id: 'a', seq: 1, args: { by: 2 } });
      const version = applied?.type === 'state' ? applied.version : -1;
      for (let seq = 2; seq <= MOVE_WINDOW; seq++) await table.move('solo', { id: `m${seq}`, seq, args: { by: 1 } });
      table.clock.advance(FIVE_MINUTES_MS + 1_000);
      const before = await table.read();

      // Other args, other seq: still the same move, answered with the version it produced then.
      expect(await table.move('solo', { id: 'a', seq: MOVE_WINDOW + 1, args: { by: 3 } })).toEqual({
        type: 'ack',
        id: 'a',
        seq: 1,
        version,
      });
      expect(await table.read()).toEqual(before);
    });

    it('an id older than the window is forgotten: resent under the next seq, it is a new move (never reuse one)', async () => {
      const table = await openTable(await makeStores(), ['solo']);
      await table.move('solo', { id: 'reused', seq: 1, args: { by: 1 } });
      for (let seq = 2; seq <= MOVE_WINDOW + 1; seq++)
        await table.move('solo', { id: `m${seq}`, seq, args: { by: 1 } });
      // Within the window it would be a repeat (the test above); out of it, the id is no longer held.
      const next = MOVE_WINDOW + 2;
      expect(await table.move('solo', { id: 'reused', seq: next, args: { by: 1 } })).toMatchObject({
        type: 'state',
        ack: { id: 'reused', seq: next },
      });
      expect((await table.log()).filter((entry) => entry.moveId === 'reused')).toHaveLength(2);
    });

    it('a refused id resent with good args gets its original refusal, and applies nothing', async () => {
      const table = await openTable(await makeStores(), ['solo']);
      expect(await table.move('solo', { id: 'bad', seq: 1, args: { by: 9 } })).toMatchObject({
        type: 'error',
        code: 'invalid_move',
        id: 'bad',
      });
      expect(await table.move('solo', { id: 'bad', seq: 1, args: { by: 1 } })).toMatchObject({
        type: 'error',
        code: 'invalid_move',
        id: 'bad',
      });
      expect(await table.move('solo', { id: 'bad', seq: 2, args: { by: 1 } })).toMatchObject({ code: 'invalid_move' });
      expect((await table.read()).match.state).toEqual({ total: 0, last: 0 });
      // The refusal took seq 1: the next move is number 2.
      expect(await table.move('solo', { id: 'good', seq: 2, args: { by: 1 } })).toMatchObject({ ack: { seq: 2 } });
      expect((await table.log()).map((entry) => entry.moveId)).toEqual(['good']);
    });

    it('a frame ahead of its predecessor, or on a taken seq, is out of sequence and changes nothing', async () => {
      const table = await openTable(await makeStores(), ['solo']);
      await table.move('solo', { id: 'one', seq: 1, args: { by: 1 } });
      const before = await table.read();
      expect(await table.move('solo', { id: 'three', seq: 3, args: { by: 1 } })).toMatchObject({
        type: 'error',
        code: 'out_of_sequence',
        expected: 2,
      });
      expect(await table.move('solo', { id: 'other', seq: 1, args: { by: 1 } })).toMatchObject({
        code: 'out_of_sequence',
        expected: 2,
      });
      expect(await table.read()).toEqual(before);
    });

    it('numbers each player apart, and keeps the same id of two players apart', async () => {
      const table = await openTable(await makeStores(), ['ann', 'ben']);
      expect(await table.move('ann', { id: 'same', seq: 1, args: { by: 1 } })).toMatchObject({ ack: { seq: 1 } });
      expect(await table.move('ben', { id: 'same', seq: 1, args: { by: 2 } })).toMatchObject({ ack: { seq: 1 } });
      expect(await table.move('ann', { id: 'same', seq: 2, args: { by: 3 } })).toMatchObject({ type: 'ack', seq: 1 });
      expect((await table.log()).map((entry) => [entry.player, entry.seq, entry.args])).toEqual([
        ['ann', 1, { by: 1 }],
        ['ben', 1, { by: 2 }],
      ]);
    });

    it('a redelivered record (the same frame twice) applies once and acks twice with one version', async () => {
      const table = await openTable(await makeStores(), ['solo']);
      const frame = { id: 'twice', seq: 1, args: { by: 1 } };
      const first = await table.move('solo', frame);
      const version = first?.type === 'state' ? first.version : -1;
      // Still the match's latest write: its work is done again (the first settlement may have died
      // before its fan-out), so the ack rides on the same state once more.
      const again = await table.move('solo', frame);
      expect(again).toMatchObject({ type: 'state', version, ack: { id: 'twice', seq: 1, version } });
      // Once the match has moved on, a repeat is answered from the ledger alone.
      await table.move('solo', { id: 'next', seq: 2, args: { by: 1 } });
      expect(await table.move('solo', frame)).toEqual({ type: 'ack', id: 'twice', seq: 1, version });
      expect(await table.log()).toHaveLength(2);
    });
  });
}

/**
 * A running marathon with one connection per player, driven move by move: in `fifo` mode as one
 * record per batch to the consumer, in `direct` mode as one frame to the move route.
 */
async function openTableIn(mode: OrderingMode, stores: ExactlyOnceStores, players: readonly string[]) {
  const id = `exactly-once-${randomUUID()}`;
  const clock = manualClock(Date.now());
  expect(await stores.matches.create(id, runningMarathon(players), clock.now())).toBe('written');
  const connectionOf = (player: string) => `${player}-${id.slice(-8)}=`;
  for (const player of players) {
    const connectionId = connectionOf(player);
    await stores.connections.put({
      connectionId,
      gameSessionId: id,
      userId: player,
      connectedAt: clock.now(),
      expiresAt: Math.ceil(clock.now() / 1000) + 7_200,
    });
  }
  const fanout = recordingFanout();
  const deps = {
    games: gameRegistry([marathon as AnyGame]),
    matches: stores.matches,
    connections: stores.connections,
    fanout: fanout.for,
    clock,
    logger: silentLogger,
  };
  const consume = createQueueHandler(deps);
  const route = createMoveHandler({ ...deps, ordering: 'direct' });
  const submit = async (move: QueuedMove) => {
    if (mode === 'fifo') {
      const response = await consume(sqsEvent([sqsRecord(JSON.stringify(move), { groupId: id })]));
      expect(response.batchItemFailures).toEqual([]);
      return;
    }
    const frame = { action: 'move', id: move.moveId, seq: move.seq, move: move.move, args: move.args };
    const context = { userId: move.userId, matchId: move.gameSessionId };
    expect((await route(messageEvent(move.connectionId, 'move', frame, context))).statusCode).toBe(200);
  };

  return {
    clock,
    /** Sends one numbered move and answers the last message its sender received. */
    async move(player: string, frame: { id: string; seq: number; args: unknown }): Promise<ServerMessage | undefined> {
      const connectionId = connectionOf(player);
      await submit({
        moveId: frame.id,
        seq: frame.seq,
        gameSessionId: id,
        userId: player,
        connectionId,
        move: 'step',
        args: frame.args,
        endpoint: SEED_ENDPOINT,
        receivedAt: clock.now(),
      });
      clock.advance(10);
      return fanout.lastTo(connectionId);
    },
    async read() {
      const stored = await stores.matches.get(id);
      if (stored === undefined) throw new Error(`match ${id} vanished`);
      return stored;
    },
    async log() {
      const entries = [];
      let after = 0;
      for (;;) {
        const page = await stores.matches.moveLog(id, { after });
        if (page === undefined) throw new Error(`match ${id} vanished`);
        entries.push(...page.moves);
        if (page.next === null) return entries;
        after = page.next;
      }
    },
  };
}

function manualClock(start: number) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}
