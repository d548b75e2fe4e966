import { randomUUID } from 'node:crypto';
import type { SQSBatchResponse } from 'aws-lambda';
import { expect } from 'vitest';
import { exampleGames } from '../../../games/index.js';
import { createTokenVerifier } from '../../../src/auth/index.js';
import { createApiGatewayFanout } from '../../../src/aws/api-gateway-fanout.js';
import type { AnyGame, TimeControl } from '../../../src/engine/index.js';
import {
  createConnectHandler,
  createDefaultHandler,
  createDisconnectHandler,
  createHttpHandler,
  createMoveHandler,
  createQueueHandler,
  createSyncHandler,
  gameRegistry,
  type HandlerDeps,
  type OrderingMode,
  type WebSocketEvent,
} from '../../../src/handlers/index.js';
import type { ApiEndpoint, Clock, FanoutFor, Scheduler } from '../../../src/ports/index.js';
import { silentLogger, systemClock } from '../../../src/ports/index.js';
import { actionOf, type ServerMessage, serverMessageSchema } from '../../../src/protocol/index.js';
import { config, hs256 } from '../../auth/tokens.js';
import { localClientConfig } from '../../support/local-aws.js';
import { type DynamoEngine, type DynamoStores, startDynamoStores } from './dynamo.js';
import { connectEvent, httpEvent, messageEvent, SEED_ENDPOINT } from './events.js';
import { type ManagementApi, startManagementApi } from './management-api.js';
import { type LocalMoveQueue, startLocalMoveQueue } from './move-queue.js';

/**
 * Every handler wired to real adapters on real local engines: DynamoDB (dynalite or DynamoDB Local)
 * for matches and connections, SQS FIFO (local-aws-sqs) between the move route and the consumer,
 * and the API Gateway fan-out adapter posting to a loopback Management API. Tests drive it the way
 * API Gateway and Lambda would: events in, the consumer fed from the queue, messages read back from
 * what each connection received.
 */
export interface Harness {
  readonly deps: HandlerDeps;
  readonly stores: DynamoStores;
  readonly api: ManagementApi;
  readonly queue: LocalMoveQueue;
  /** Every endpoint a handler asked the fan-out for: they must come from the events, not be invented. */
  readonly endpointsAsked: ApiEndpoint[];
  readonly handlers: {
    readonly connect: ReturnType<typeof createConnectHandler>;
    readonly disconnect: ReturnType<typeof createDisconnectHandler>;
    readonly move: ReturnType<typeof createMoveHandler>;
    readonly sync: ReturnType<typeof createSyncHandler>;
    readonly default: ReturnType<typeof createDefaultHandler>;
    readonly queue: ReturnType<typeof createQueueHandler>;
    readonly http: ReturnType<typeof createHttpHandler>;
  };
  stop(): Promise<void>;
}

/** `ordering` is the deployment's mode: in `direct` the move route settles moves and the queue stays empty. */
export async function startHarness(
  engine: DynamoEngine,
  options: {
    readonly ordering?: OrderingMode;
    readonly games?: readonly AnyGame[];
    readonly clock?: Clock;
    readonly scheduler?: Scheduler;
  } = {},
): Promise<Harness> {
  const ordering = options.ordering ?? 'fifo';
  const [stores, api, queue] = await Promise.all([
    startDynamoStores(engine),
    startManagementApi(),
    startLocalMoveQueue(),
  ]);
  const endpointsAsked: ApiEndpoint[] = [];
  // Events carry the seed's real API domain; the fan-out adapter is pointed at the loopback stand-in
  // for it (never at AWS), keeping the stage, and every endpoint asked for is recorded.
  const { endpoint: _unused, ...clientConfig } = localClientConfig(api.url);
  const realFanout = createApiGatewayFanout({ endpointUrl: ({ stage }) => `${api.url}/${stage}`, clientConfig });
  const fanout: FanoutFor = (endpoint) => {
    endpointsAsked.push(endpoint);
    return realFanout(endpoint);
  };
  const deps: HandlerDeps = {
    games: gameRegistry(options.games ?? exampleGames),
    matches: stores.matches,
    connections: stores.connections,
    deadlines: stores.deadlines,
    fanout,
    ordering,
    ...(ordering === 'fifo' ? { queue: queue.moveQueue } : {}),
    tokens: createTokenVerifier(config),
    clock: options.clock ?? systemClock,
    ...(options.scheduler && { scheduler: options.scheduler }),
    logger: silentLogger,
    newId: () => randomUUID(),
    allowSpectators: true,
    webSocketEndpoint: SEED_ENDPOINT,
    allowClientSeeds: true,
  };
  return {
    deps,
    stores,
    api,
    queue,
    endpointsAsked,
    handlers: {
      connect: createConnectHandler(deps),
      disconnect: createDisconnectHandler(deps),
      move: createMoveHandler(deps),
      sync: createSyncHandler(deps),
      default: createDefaultHandler(deps),
      queue: createQueueHandler(deps),
      http: createHttpHandler(deps),
    },
    stop: async () => {
      await Promise.all([stores.stop(), api.stop(), queue.stop()]);
    },
  };
}

/** API Gateway's route selection on `$request.body.action`: exact match, else `$default`. */
export function route(harness: Harness, event: WebSocketEvent) {
  const action = actionOf(event.body);
  if (action === 'move') return harness.handlers.move(event);
  if (action === 'sync') return harness.handlers.sync(event);
  return harness.handlers.default(event);
}

/** What a connection received, each message checked against the wire schema. */
export function inbox(harness: Harness, connectionId: string): ServerMessage[] {
  return harness.api.received(connectionId).map((message) => serverMessageSchema.parse(message));
}

/**
 * Feeds the consumer what is queued, batch by batch, as the Lambda event source mapping does:
 * records of a batch in order, failed ones left on the queue. Returns each batch's response.
 */
export async function pump(harness: Harness): Promise<SQSBatchResponse[]> {
  const responses: SQSBatchResponse[] = [];
  for (;;) {
    const batch = await harness.queue.receive();
    if (batch.length === 0) return responses;
    const response = await harness.handlers.queue({ Records: batch });
    responses.push(response);
    const failed = new Set(response.batchItemFailures.map((failure) => failure.itemIdentifier));
    await harness.queue.acknowledge(batch.filter((record) => !failed.has(record.messageId)));
    if (failed.size > 0) return responses;
  }
}

/** A player: a user with a connection to one match, driving the real handlers. */
export class Player {
  constructor(
    readonly harness: Harness,
    readonly userId: string,
    readonly connectionId: string = `${userId}-${randomUUID().slice(0, 8)}=`,
  ) {}

  /** The match this player's connection asked for: what the authorizer put in its context. */
  matchId: string | undefined;

  async connect(matchId: string) {
    this.matchId = matchId;
    this.harness.api.open(this.connectionId);
    return this.harness.handlers.connect(
      connectEvent({ connectionId: this.connectionId, userId: this.userId, game: matchId }),
    );
  }

  send(frame: unknown) {
    // As API Gateway does: every event of a connection carries what the authorizer returned at $connect.
    const authorizer = this.matchId === undefined ? null : { userId: this.userId, matchId: this.matchId };
    return route(
      this.harness,
      messageEvent(this.connectionId, actionOf(JSON.stringify(frame)) ?? '$default', frame, authorizer),
    );
  }

  /** The number this player's next move takes (protocol/move-ledger.ts): 1, 2, 3… per match. */
  nextSeq = 1;

  /**
   * Sends a move through the route and runs the consumer until the queue is empty. Numbered in
   * order unless the test names a `seq` (a resend, or a frame out of sequence on purpose).
   */
  async move(id: string, move: string, args: unknown, seq = this.nextSeq++): Promise<SQSBatchResponse[]> {
    expect((await this.send({ action: 'move', id, seq, move, args })).statusCode).toBe(200);
    return pump(this.harness);
  }

  messages(): ServerMessage[] {
    return inbox(this.harness, this.connectionId);
  }

  last(): ServerMessage | undefined {
    return this.messages().at(-1);
  }
}

/** Creates a match through the lobby API and seats the players in order (a full table starts). */
export async function openMatch(
  harness: Harness,
  game: string,
  players: readonly string[],
  options: { seats?: number; seed?: string; timeControl?: TimeControl } = {},
): Promise<string> {
  const token = await hs256({ sub: players[0] ?? 'host' });
  const created = await harness.handlers.http(
    httpEvent('POST', '/api/matches', {
      token,
      body: { game, seats: options.seats ?? players.length, seed: options.seed, timeControl: options.timeControl },
    }),
  );
  expect(created.statusCode).toBe(201);
  const { id } = JSON.parse(created.body ?? '{}').match as { id: string };
  for (const player of players) {
    const joined = await harness.handlers.http(
      httpEvent('POST', `/api/matches/${id}/join`, { token: await hs256({ sub: player }) }),
    );
    expect(joined.statusCode).toBe(200);
  }
  return id;
}
