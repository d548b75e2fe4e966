import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoStores } from '../../src/aws/dynamo-stores.js';
import type { AnyGame } from '../../src/engine/index.js';
import { createQueueHandler, gameRegistry } from '../../src/handlers/index.js';
import { sqliteConnectionStore } from '../../src/local/sqlite/connection-store.js';
import { openDatabase, type SqliteDatabase } from '../../src/local/sqlite/database.js';
import { sqliteGameStore } from '../../src/local/sqlite/game-store.js';
import type { ConnectionStore, GameStore, MoveLogEntry } from '../../src/ports/index.js';
import { silentLogger } from '../../src/ports/index.js';
import { type QueuedMove, type ServerMessage } from '../../src/protocol/index.js';
import { type Dynalite, startDynalite } from '../support/dynalite.js';
import { createTestTables, localDynamoClient } from '../support/local-aws.js';
import { marathon, runningMarathon } from '../support/marathon-game.js';
import { recordingFanout } from '../support/recording-fanout.js';
import { SEED_ENDPOINT, sqsEvent, sqsRecord } from './support/events.js';

/**
 * Exactly-once under any delivery the queue may make: random scripts of new moves, resends of an
 * earlier frame (the same id and seq, or the same id renumbered, with any args), redeliveries of a
 * record already handled, and restarts of the process (fresh adapters over the same data), are run
 * through the real consumer on the embedded wiring's store (SQLite, on a file) and the aws-local
 * wiring's (DynamoDB adapters on dynalite). Whatever the script: the log holds each accepted id
 * once, in each player's send order, every ack names the version its move made, and both wirings
 * end with the same log and gave the same answers.
 */

const PLAYERS = ['ann', 'ben'] as const;
type Player = (typeof PLAYERS)[number];

type Step =
  /** A new move by the player whose turn it is (or, to be refused, by the other one). */
  | { readonly kind: 'new'; readonly inTurn: boolean; readonly by: number }
  | { readonly kind: 'resend'; readonly pick: number; readonly by: number; readonly renumber: boolean }
  | { readonly kind: 'redeliver'; readonly pick: number }
  | { readonly kind: 'restart' };

const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('new' as const),
      inTurn: fc.integer({ min: 0, max: 5 }).map((n) => n > 0),
      by: fc.constantFrom(1, 2, 3, 9),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('resend' as const),
      pick: fc.nat(),
      by: fc.constantFrom(1, 3, 9),
      renumber: fc.boolean(),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('redeliver' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'restart' as const }) },
);

interface Stores {
  readonly matches: GameStore;
  readonly connections: ConnectionStore;
}

/** A wiring's stores, which a restart replaces by fresh ones over the same data. */
interface Wiring {
  readonly name: string;
  open(): Stores;
  restart(): Stores;
}

let dynalite: Dynalite;
let client: DynamoDBClient;
let folder: string;

beforeAll(async () => {
  dynalite = await startDynalite();
  client = localDynamoClient(dynalite.endpoint);
  folder = mkdtempSync(join(tmpdir(), 'turngate-exactly-once-'));
});

afterAll(async () => {
  client?.destroy();
  await dynalite?.stop();
  rmSync(folder, { recursive: true, force: true });
});

function embedded(run: number): Wiring {
  const path = join(folder, `run-${run}.db`);
  let db: SqliteDatabase | undefined;
  const open = () => {
    db?.close();
    db = openDatabase(path, { synchronous: 'normal' });
    return { matches: sqliteGameStore(db), connections: sqliteConnectionStore(db) };
  };
  return { name: 'embedded', open, restart: open };
}

async function awsLocal(): Promise<Wiring> {
  const tables = await createTestTables(client, 'exactly-once');
  const open = () => createDynamoStores({ client, ...tables });
  return { name: 'aws-local', open, restart: open };
}

interface RunResult {
  readonly log: readonly MoveLogEntry[];
  readonly answers: readonly (ServerMessage | undefined)[];
  readonly acks: ReadonlyMap<string, number>;
}

async function runScript(wiring: Wiring, steps: readonly Step[]): Promise<RunResult> {
  const matchId = 'the-match';
  let now = 1_700_000_000_000;
  let stores = wiring.open();
  await stores.matches.create(matchId, runningMarathon(PLAYERS), now);
  const fanout = recordingFanout();
  const consumerFor = (current: Stores) =>
    createQueueHandler({
      games: gameRegistry([marathon as AnyGame]),
      matches: current.matches,
      connections: current.connections,
      fanout: fanout.for,
      clock: { now: () => now },
      logger: silentLogger,
    });
  let consume = consumerFor(stores);

  const sent: QueuedMove[] = [];
  const nextSeq: Record<Player, number> = { ann: 1, ben: 1 };
  const answers: (ServerMessage | undefined)[] = [];
  const acks = new Map<string, number>();
  const handle = async (move: QueuedMove) => {
    now += 7;
    const response = await consume(sqsEvent([sqsRecord(JSON.stringify(move), { groupId: matchId })]));
    expect(response.batchItemFailures).toEqual([]);
    const answer = fanout.lastTo(move.connectionId);
    answers.push(answer);
    const ack = answer?.type === 'ack' ? answer : answer?.type === 'state' ? answer.ack : undefined;
    if (ack !== undefined && ack.id === move.moveId) {
      const key = `${move.userId}:${move.moveId}`;
      // An id is acknowledged with one version, whenever and however often it is answered.
      expect(acks.get(key) ?? ack.version).toBe(ack.version);
      acks.set(key, ack.version);
    }
  };

  for (const step of steps) {
    if (step.kind === 'restart') {
      stores = wiring.restart();
      consume = consumerFor(stores);
      continue;
    }
    if (step.kind === 'new') {
      const current = (await stores.matches.get(matchId))?.match.currentPlayer;
      const player = PLAYERS.find((name) => (name === current) === step.inTurn) ?? 'ann';
      const seq = nextSeq[player]++;
      const move = queued(matchId, player, `${player}-${seq}`, seq, step.by);
      sent.push(move);
      await handle(move);
      continue;
    }
    const earlier = sent[step.pick % Math.max(1, sent.length)];
    if (earlier === undefined) continue;
    if (step.kind === 'redeliver') await handle(earlier);
    else {
      const player = earlier.userId as Player;
      const seq = step.renumber ? nextSeq[player] : earlier.seq;
      await handle({ ...earlier, seq, args: { by: step.by } });
    }
  }

  const log: MoveLogEntry[] = [];
  let after = 0;
  for (;;) {
    const page = await stores.matches.moveLog(matchId, { after, limit: 7 });
    if (page === undefined) throw new Error('the match vanished');
    log.push(...page.moves);
    if (page.next === null) break;
    after = page.next;
  }
  return { log, answers, acks };
}

const queued = (matchId: string, player: Player, moveId: string, seq: number, by: number): QueuedMove => ({
  moveId,
  seq,
  gameSessionId: matchId,
  userId: player,
  connectionId: `${player}-conn=`,
  move: 'step',
  args: { by },
  endpoint: SEED_ENDPOINT,
  receivedAt: 0,
});

function checkLog(result: RunResult): void {
  const ids = result.log.map((entry) => `${entry.player}:${entry.moveId}`);
  expect(new Set(ids).size).toBe(ids.length);
  for (const player of PLAYERS) {
    const seqs = result.log.filter((entry) => entry.player === player).map((entry) => entry.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  }
  const versions = result.log.map((entry) => entry.version);
  expect(versions).toEqual([...versions].sort((a, b) => a - b));
  // Acked ids and logged ids are the same set, each with the version of its log entry.
  expect(new Map(result.log.map((entry) => [`${entry.player}:${entry.moveId}`, entry.version]))).toEqual(result.acks);
}

describe('exactly-once under random deliveries, resends and restarts', () => {
  it('logs each accepted id once, in send order, with the same log and answers on both wirings', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(stepArbitrary, { minLength: 1, maxLength: 40 }), async (steps) => {
        run += 1;
        const onEmbedded = await runScript(embedded(run), steps);
        const onAwsLocal = await runScript(await awsLocal(), steps);
        checkLog(onEmbedded);
        checkLog(onAwsLocal);
        expect(onAwsLocal.log).toEqual(onEmbedded.log);
        expect(onAwsLocal.answers).toEqual(onEmbedded.answers);
      }),
      { numRuns: 60 },
    );
  }, 120_000);
});
