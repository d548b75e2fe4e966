import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleGames } from '../../games/index.js';
import type { AnyGame } from '../../src/engine/index.js';
import { createMoveHandler, createSyncHandler } from '../../src/handlers/index.js';
import { type GameStore, type Logger, type MoveLogEntry, silentLogger } from '../../src/ports/index.js';
import { MOVE_WINDOW, moveIdDigest } from '../../src/protocol/index.js';
import { marathon } from '../support/marathon-game.js';
import { seededRandom } from '../support/seeded-random.js';
import { messageEvent } from './support/events.js';
import { type Harness, inbox, openMatch, Player, startHarness } from './support/harness.js';

/**
 * The direct ordering mode under the concurrency API Gateway really has: each frame is its own
 * invocation, and a player's pipelined frames run at the same time. Real handlers and adapters on
 * DynamoDB Local; the interleavings are chosen by a seeded scheduler that delays each read and each
 * write of the match by a pseudo-random time (seeds from fast-check, so a failure names its seed).
 * Each player is driven as the SDK drives it (src/client/pending-moves.ts): up to MOVE_WINDOW moves
 * unconfirmed, all sent at once; on `out_of_sequence` a `sync`, then the waiting moves renumbered
 * from the ledger and sent again. Whatever the interleaving, every move ends acked or refused, and
 * the log holds each acked move once, with its acked version, in its player's send order.
 */

const MOVES = 50;

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness('dynamodb-local', { ordering: 'direct', games: [...exampleGames, marathon as AnyGame] });
}, 120_000);

afterAll(async () => {
  await harness?.stop();
});

/** The store, with every read and write of a match held back before and after by 0–`maxMs` ms. */
function scheduled(store: GameStore, random: () => number, maxMs = 12): GameStore {
  const pause = () => new Promise((resolve) => setTimeout(resolve, Math.floor(random() * maxMs)));
  return new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      if (property !== 'get' && property !== 'update') return value.bind(target);
      return async (...args: unknown[]) => {
        await pause();
        const result = await value.apply(target, args);
        await pause();
        return result;
      };
    },
  });
}

interface Move {
  readonly id: string;
  readonly by: number;
  seq?: number;
}

interface Outcomes {
  readonly applied: Map<string, number>;
  readonly refused: Map<string, string>;
  /** Answers that settled nothing (a match that kept changing): resent, as a client may. */
  internal: number;
  /** Frames that ran ahead of their predecessor: the proof that frames really overlapped. */
  outOfSequence: number;
}

/** One player as the SDK drives it, through the direct move route and the sync route. */
async function drive(
  player: Player,
  moves: readonly Move[],
  move: ReturnType<typeof createMoveHandler>,
  sync: ReturnType<typeof createSyncHandler>,
): Promise<Outcomes> {
  const outcomes: Outcomes = { applied: new Map(), refused: new Map(), internal: 0, outOfSequence: 0 };
  const context = { userId: player.userId, matchId: player.matchId ?? '' };
  const send = (handler: typeof move, frame: object) =>
    handler(messageEvent(player.connectionId, (frame as { action: string }).action, frame, context));
  let pending = [...moves];
  let nextSeq = 1;
  let seen = player.messages().length;
  const settle = (id: string, outcome: { version?: number | undefined; code?: string | undefined }) => {
    if (!pending.some((waiting) => waiting.id === id)) return;
    if (outcome.version !== undefined) outcomes.applied.set(id, outcome.version);
    else outcomes.refused.set(id, outcome.code ?? 'internal');
    pending = pending.filter((waiting) => waiting.id !== id);
  };

  for (let round = 0; pending.length > 0; round++) {
    if (round > 40 * MOVES) throw new Error(`${player.userId}: no progress after ${round} rounds`);
    const window = pending.slice(0, MOVE_WINDOW);
    for (const waiting of window) waiting.seq ??= nextSeq++;
    await Promise.all(
      window.map(({ id, seq, by }) => send(move, { action: 'move', id, seq, move: 'step', args: { by } })),
    );
    const answers = inbox(harness, player.connectionId).slice(seen);
    seen += answers.length;
    let outOfSequence = false;
    for (const answer of answers) {
      const ack = answer.type === 'ack' ? answer : answer.type === 'state' ? answer.ack : undefined;
      if (ack !== undefined) settle(ack.id, { version: ack.version });
      if (answer.type !== 'error' || answer.id === undefined) continue;
      if (answer.code === 'out_of_sequence') {
        outOfSequence = true;
        outcomes.outOfSequence += 1;
      } else if (answer.code === 'internal') outcomes.internal += 1;
      else settle(answer.id, { code: answer.code });
    }
    if (!outOfSequence) continue;
    // As the SDK does: learn where numbering stands, settle what the ledger tells, renumber the rest.
    await send(sync, { action: 'sync' });
    const replies = inbox(harness, player.connectionId).slice(seen);
    seen += replies.length;
    const ledger = replies.flatMap((reply) => (reply.type === 'state' && reply.ledger ? [reply.ledger] : [])).at(-1);
    if (ledger === undefined) throw new Error(`${player.userId}: the sync reply carried no ledger`);
    for (const settled of ledger.recent) {
      const waiting = pending.find((candidate) => moveIdDigest(candidate.id) === settled.digest);
      if (waiting) settle(waiting.id, settled);
    }
    nextSeq = ledger.settled + 1;
    for (const waiting of pending) waiting.seq = undefined;
  }
  return outcomes;
}

async function logOf(matchId: string): Promise<MoveLogEntry[]> {
  const entries: MoveLogEntry[] = [];
  let after = 0;
  for (;;) {
    const page = await harness.stores.matches.moveLog(matchId, { after });
    if (page === undefined) throw new Error(`match ${matchId} vanished`);
    entries.push(...page.moves);
    if (page.next === null) return entries;
    after = page.next;
  }
}

/** Each player's log entries are exactly its acked moves, once each, in send order, at the acked version. */
function expectSendOrder(log: readonly MoveLogEntry[], player: Player, moves: readonly Move[], outcomes: Outcomes) {
  const logged = log.filter((entry) => entry.player === player.userId);
  const acked = moves.filter((move) => outcomes.applied.has(move.id));
  expect(logged.map((entry) => entry.moveId)).toEqual(acked.map((move) => move.id));
  expect(logged.map((entry) => entry.version)).toEqual(acked.map((move) => outcomes.applied.get(move.id)));
  expect(logged.map((entry) => entry.args)).toEqual(acked.map((move) => ({ by: move.by })));
  const seqs = logged.map((entry) => entry.seq);
  expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  // Every move the player sent ended one way or the other, and never both.
  expect(outcomes.applied.size + outcomes.refused.size).toBe(moves.length);
}

const movesOf = (player: string, run: number): Move[] =>
  Array.from({ length: MOVES }, (_, index) => ({ id: `${player}-${run}-${index + 1}`, by: 1 + (index % 3) }));

describe('direct mode: pipelined moves in concurrent invocations', () => {
  let run = 0;

  it('applies one player’s 50 pipelined moves in send order, exactly once', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer(), async (seed) => {
        run += 1;
        const matchId = await openMatch(harness, 'marathon', [`solo${run}`]);
        const solo = new Player(harness, `solo${run}`);
        await solo.connect(matchId);
        const deps = { ...harness.deps, matches: scheduled(harness.deps.matches, seededRandom(seed)) };
        const moves = movesOf(solo.userId, run);
        const outcomes = await drive(solo, moves, createMoveHandler(deps), createSyncHandler(deps));

        // Alone at the table, every move is legal: all 50 apply, in the order they were sent.
        expect(outcomes.refused).toEqual(new Map());
        expect(outcomes.outOfSequence).toBeGreaterThan(0);
        const log = await logOf(matchId);
        expectSendOrder(log, solo, moves, outcomes);
        expect(log.map((entry) => entry.seq)).toEqual(moves.map((_, index) => index + 1));
        const stored = await harness.stores.matches.get(matchId);
        expect(stored?.match.state).toMatchObject({ total: moves.reduce((sum, move) => sum + move.by, 0) });
        // Nothing was queued: the direct mode has no queue.
        expect(await harness.queue.receive()).toEqual([]);
      }),
      { numRuns: 3 },
    );
  }, 600_000);

  it('keeps each of two racing players’ moves in send order, exactly once', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer(), async (seed) => {
        run += 1;
        const names = [`ann${run}`, `ben${run}`];
        const matchId = await openMatch(harness, 'marathon', names);
        const players = names.map((name) => new Player(harness, name));
        for (const player of players) await player.connect(matchId);
        const events: string[] = [];
        const logger: Logger = { ...silentLogger, warn: (event) => events.push(event) };
        const deps = { ...harness.deps, logger, matches: scheduled(harness.deps.matches, seededRandom(seed)) };
        const [move, sync] = [createMoveHandler(deps), createSyncHandler(deps)];
        const moves = players.map((player) => movesOf(player.userId, run));
        const outcomes = await Promise.all(
          players.map((player, index) => drive(player, moves[index] ?? [], move, sync)),
        );

        const log = await logOf(matchId);
        for (const [index, player] of players.entries()) {
          expectSendOrder(log, player, moves[index] ?? [], outcomes[index] as Outcomes);
          // The seats take turns, so a move sent out of turn is refused: and only ever for that reason.
          expect(new Set((outcomes[index] as Outcomes).refused.values())).toEqual(
            new Set((outcomes[index] as Outcomes).refused.size > 0 ? ['not_your_turn'] : []),
          );
        }
        // One history: versions strictly increase along the log, whoever moved.
        const versions = log.map((entry) => entry.version);
        expect(new Set(versions).size).toBe(versions.length);
        expect(versions).toEqual([...versions].sort((a, b) => a - b));
        expect(log.length).toBeGreaterThan(0);
        // The seats really raced for the match item: lost version races, re-read and settled again.
        expect(events.filter((event) => event === 'move.version_conflict').length).toBeGreaterThan(0);
      }),
      { numRuns: 3 },
    );
  }, 600_000);
});
