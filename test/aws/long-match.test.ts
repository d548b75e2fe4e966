import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoStores } from '../../src/aws/dynamo-stores.js';
import type { AnyGame } from '../../src/engine/index.js';
import { createQueueHandler, gameRegistry } from '../../src/handlers/index.js';
import { matchReplay } from '../../src/handlers/replay.js';
import type { GameStore, MoveLogEntry } from '../../src/ports/index.js';
import { silentLogger } from '../../src/ports/index.js';
import {
  MAX_LOG_PAGE,
  MAX_LOG_READ,
  MAX_REPLAY_PAGE,
  type QueuedMove,
  type ReplayStepEntry,
} from '../../src/protocol/index.js';
import { SEED_ENDPOINT, sqsEvent, sqsRecord } from '../handlers/support/events.js';
import type { DynamoDbLocal } from '../support/dynamodb-local.js';
import { sharedDynamoDbLocal } from '../support/dynamodb-local-shared.js';
import { createTestTables, localDynamoClient } from '../support/local-aws.js';
import { marathon, runningMarathon } from '../support/marathon-game.js';
import { recordingFanout } from '../support/recording-fanout.js';

/**
 * Matches of any length: the match item holds nothing that grows with its moves, so a 10,000-move
 * match (the old item hit DynamoDB's 400 KB wall at about 2,500) plays through the real consumer and
 * the real DynamoDB adapters on DynamoDB Local, and its whole log reads back in order.
 */
const MOVES = 10_000;
/** Records per SQS batch, as Lambda's event source hands them over (at most 10). */
const BATCH = 10;

let engine: DynamoDbLocal;
let client: DynamoDBClient;

beforeAll(async () => {
  engine = await sharedDynamoDbLocal();
  client = localDynamoClient(engine.endpoint);
});

afterAll(async () => {
  client?.destroy();
  await engine?.stop();
});

describe('a 10,000-move match on DynamoDB Local', () => {
  it('completes with no error, and its whole log reads back in order', async () => {
    const tables = await createTestTables(client, 'long-match');
    const { matches, connections } = createDynamoStores({ client, ...tables });
    const matchId = 'marathon-10k';
    expect(await matches.create(matchId, runningMarathon(['solo']), 1)).toBe('written');
    const fanout = recordingFanout();
    const consume = createQueueHandler({
      games: gameRegistry([marathon as AnyGame]),
      matches,
      connections,
      fanout: fanout.for,
      clock: { now: () => Date.now() },
      logger: silentLogger,
    });

    for (let first = 1; first <= MOVES; first += BATCH) {
      const records = Array.from({ length: BATCH }, (_, offset) =>
        sqsRecord(JSON.stringify(step(matchId, first + offset)), { groupId: matchId }),
      );
      expect(await consume(sqsEvent(records))).toEqual({ batchItemFailures: [] });
    }

    const stored = await matches.get(matchId);
    expect(stored?.match.state).toEqual({ total: MOVES, last: 1 });
    expect(stored?.ledgers.solo?.settled).toBe(MOVES);
    // Every move was applied and acknowledged on the mover's own state message, in order.
    const acks = fanout.received('solo-conn=').map((message) => (message.type === 'state' ? message.ack?.seq : -1));
    expect(acks).toEqual(Array.from({ length: MOVES }, (_, index) => index + 1));
    const log = await wholeLog(matches, matchId);
    expect(log).toHaveLength(MOVES);
    expect(log.map((entry) => entry.seq)).toEqual(Array.from({ length: MOVES }, (_, index) => index + 1));
    expect(log.every((entry, index) => index === 0 || entry.version === (log[index - 1]?.version ?? 0) + 1)).toBe(true);

    // Its replay pages through too (README "Replay"): a store read answers at most MAX_LOG_READ moves,
    // a page MAX_REPLAY_PAGE steps, each with the view the server replays its way to.
    expect((await matches.moveLog(matchId, { limit: 5_000 }))?.moves).toHaveLength(MAX_LOG_READ);
    const games = gameRegistry([marathon as AnyGame]);
    const replayed: ReplayStepEntry[] = [];
    for (let after: number | null = 0; after !== null; ) {
      const page = await matchReplay({ games, matches, clock: { now: () => 0 } }, matchId, { after }, 'solo');
      if (!page.ok) throw new Error(page.error.message);
      expect(page.value.steps.length).toBeLessThanOrEqual(MAX_REPLAY_PAGE);
      replayed.push(...page.value.steps);
      after = page.value.next;
    }
    expect(replayed.map((step) => step.seq)).toEqual(log.map((entry) => entry.seq));
    expect(replayed.at(-1)?.view).toEqual({ total: MOVES, last: 1 });
    expect(replayed.every((step) => step.hash === undefined)).toBe(true);
  }, 600_000);
});

const step = (matchId: string, seq: number): QueuedMove => ({
  moveId: `m${seq}`,
  seq,
  gameSessionId: matchId,
  userId: 'solo',
  connectionId: 'solo-conn=',
  move: 'step',
  args: { by: 1 },
  endpoint: SEED_ENDPOINT,
  receivedAt: 0,
});

async function wholeLog(matches: GameStore, matchId: string): Promise<MoveLogEntry[]> {
  const log: MoveLogEntry[] = [];
  let after = 0;
  for (;;) {
    const page = await matches.moveLog(matchId, { after, limit: MAX_LOG_PAGE });
    if (page === undefined) throw new Error('the match vanished');
    log.push(...page.moves);
    if (page.next === null) return log;
    after = page.next;
  }
}
