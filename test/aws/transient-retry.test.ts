import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleGames } from '../../games/index.js';
import { createDynamoConnectionStore } from '../../src/aws/dynamo-connection-store.js';
import { createDynamoGameStore } from '../../src/aws/dynamo-game-store.js';
import { createAwsClients, SDK_RETRIES } from '../../src/aws/wiring.js';
import type { Match } from '../../src/engine/index.js';
import { broadcastState } from '../../src/handlers/broadcast.js';
import { MAX_WRITE_ATTEMPTS, withRetries } from '../../src/handlers/retry.js';
import { type ConnectionStore, type Fanout, StoreError, silentLogger } from '../../src/ports/index.js';
import { type Dynalite, startDynalite } from '../support/dynalite.js';
import { throttleFirst } from '../support/dynamo-faults.js';
import { createTestTables, gameStoreTables, localClientConfig, type TestTables } from '../support/local-aws.js';

/**
 * Throttling, as DynamoDB answers it (a 400 ProvisionedThroughputExceededException or
 * ThrottlingException, injected before the wire on a real client talking to dynalite): the SDK
 * clients the AWS wiring builds retry it themselves, and what outlasts their attempts is a transient
 * StoreError that the handlers' jittered retries ride out, instead of failing a queue record that
 * SQS would hand back only after the visibility timeout.
 */

let engine: Dynalite;
let tables: TestTables;
const clients: DynamoDBClient[] = [];

beforeAll(async () => {
  engine = await startDynalite();
  const setup = new DynamoDBClient(localClientConfig(engine.endpoint));
  clients.push(setup);
  tables = await createTestTables(setup, 'throttled');
});

afterAll(async () => {
  for (const client of clients) client.destroy();
  await engine?.stop();
});

/** A client that does not retry at all, so a test meets each injected throttle itself. */
function noSdkRetries(): DynamoDBClient {
  const client = new DynamoDBClient({ ...localClientConfig(engine.endpoint), maxAttempts: 1 });
  clients.push(client);
  return client;
}

const aMatch = (version: number): Match => ({
  game: 'tic-tac-toe',
  status: 'running',
  seats: 2,
  players: ['alice', 'bob'],
  state: { board: [null, null, null, null, null, null, null, null, null] },
  currentPlayer: 'alice',
  activePlayers: ['alice'],
  left: [],
  turn: 1,
  version,
  result: null,
  seed: 'throttled',
  randomState: 1,
});

async function storedMatch(client: DynamoDBClient) {
  const matches = createDynamoGameStore({ client, ...gameStoreTables(tables) });
  const id = randomUUID();
  expect(await matches.create(id, aMatch(1), 1_000)).toBe('written');
  const stored = await matches.get(id);
  if (stored === undefined) throw new Error('fixture');
  return { matches, stored, next: { next: aMatch(2), now: 2_000 } };
}

describe('a throttled UpdateItem', () => {
  it("is retried by the wiring's SDK client itself, with the standard mode's jittered backoff", async () => {
    const { dynamodb } = createAwsClients({
      endpoints: { dynamodb: engine.endpoint },
      clientConfig: { region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } },
    });
    clients.push(dynamodb);
    expect(await dynamodb.config.maxAttempts()).toBe(SDK_RETRIES.dynamodb.maxAttempts);
    expect(await dynamodb.config.retryStrategy()).toMatchObject({ mode: 'standard' });
    const { matches, stored, next } = await storedMatch(dynamodb);
    const faults = throttleFirst(dynamodb, 'UpdateItem', SDK_RETRIES.dynamodb.maxAttempts - 1);

    expect(await matches.update(stored, next)).toBe('written');
    expect(faults.injected()).toBe(SDK_RETRIES.dynamodb.maxAttempts - 1);
    expect(faults.attempts()).toBe(SDK_RETRIES.dynamodb.maxAttempts);
    expect((await matches.get(stored.id))?.match.version).toBe(2);
  });

  it.each(['ProvisionedThroughputExceededException', 'ThrottlingException'] as const)(
    'outlasting the SDK (%s) fails as a transient StoreError, which the handlers retry until it lands',
    async (throttle) => {
      const client = noSdkRetries();
      const { matches, stored, next } = await storedMatch(client);
      const faults = throttleFirst(client, 'UpdateItem', 2, throttle);

      const failure = await matches.update(stored, next).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(StoreError);
      expect(failure).toMatchObject({ transient: true, message: expect.stringContaining(throttle) });

      const waits: number[] = [];
      const outcome = await withRetries(() => matches.update(stored, next), {
        policy: { maxAttempts: MAX_WRITE_ATTEMPTS, baseDelayMs: 100, maxDelayMs: 1_000 },
        sleep: async (ms) => void waits.push(ms),
      });
      expect(outcome).toBe('written');
      expect(faults.attempts()).toBe(3); // the one above, one more throttled, then through
      expect(waits).toHaveLength(1);
      expect(waits[0]).toBeLessThan(100);
      expect((await matches.get(stored.id))?.match.version).toBe(2);
    },
  );

  it('gives up after the policy allows, and never retries what is not transient', async () => {
    const client = noSdkRetries();
    const { matches, stored, next } = await storedMatch(client);
    const faults = throttleFirst(client, 'UpdateItem', 10);
    const noWait = { sleep: async () => {} };
    await expect(withRetries(() => matches.update(stored, next), noWait)).rejects.toMatchObject({ transient: true });
    expect(faults.attempts()).toBe(4);
    faults.remove();

    const missing = createDynamoGameStore({ client, tableName: 'no-such-table', moveLogTableName: 'no-such-table' });
    let attempts = 0;
    const refused = withRetries(() => {
      attempts += 1;
      return missing.get('x');
    }, noWait);
    await expect(refused).rejects.toMatchObject({ name: 'StoreError', transient: false });
    expect(attempts).toBe(1);
  });
});

describe('broadcastState on a throttled index Query', () => {
  it('retries the Query, so every player still gets the state and the mover their ack', async () => {
    const client = noSdkRetries();
    const connections: ConnectionStore = createDynamoConnectionStore({
      client,
      tableName: tables.connectionsTable,
      gamesTableName: tables.gamesTable,
    });
    const id = randomUUID();
    const now = Date.now();
    for (const userId of ['alice', 'bob']) {
      await connections.put({
        connectionId: `${userId}-${id}`,
        gameSessionId: id,
        userId,
        connectedAt: now - 60_000,
        expiresAt: Math.ceil(now / 1000) + 3600,
      });
    }
    const faults = throttleFirst(client, 'Query', 2, 'ThrottlingException');
    const sent: string[] = [];
    const fanout: Fanout = {
      send: async () => 'sent',
      sendEach: async (deliveries) =>
        deliveries.map(({ connectionId }) => {
          sent.push(connectionId);
          return { outcome: 'sent' as const };
        }),
    };
    const game = exampleGames.find((candidate) => candidate.name === 'tic-tac-toe');
    if (!game) throw new Error('fixture');

    await broadcastState(
      { fanout, connections, logger: silentLogger, clock: { now: () => now } },
      game,
      { id, match: aMatch(2) },
      { connectionId: `alice-${id}`, userId: 'alice', ack: { id: 'a1', seq: 1, version: 2 } },
    );

    expect(faults.injected()).toBe(2);
    expect(sent.sort()).toEqual([`alice-${id}`, `bob-${id}`]);
  });
});
