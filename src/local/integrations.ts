import type { SQSEvent } from 'aws-lambda';
import { bodyOf } from '../handlers/events.js';
import {
  createAuthorizerHandler,
  createConnectHandler,
  createDefaultHandler,
  createDisconnectHandler,
  createHttpHandler,
  createMoveHandler,
  createQueueHandler,
  createSyncHandler,
  type HandlerDeps,
} from '../handlers/index.js';
import type { GatewayIntegrations, RouteHandler } from './gateway/websocket-gateway.js';
import type { HttpFunction } from './http-api.js';
import type { SqsConsumer } from './sqs-events.js';

/** The Lambda functions of one deployment, built from one HandlerDeps: the same code whatever the wiring. */
export interface LocalFunctions {
  readonly gateway: GatewayIntegrations;
  readonly queue: SqsConsumer;
  readonly http: HttpFunction;
}

export function buildFunctions(deps: HandlerDeps): LocalFunctions {
  return {
    gateway: {
      authorizer: createAuthorizerHandler(deps),
      connect: createConnectHandler(deps),
      disconnect: createDisconnectHandler(deps),
      routes: {
        // In direct mode the route settles the move itself, so its log line is written there.
        move: deps.ordering === 'direct' ? withDirectMoveLog(createMoveHandler(deps), deps) : createMoveHandler(deps),
        sync: createSyncHandler(deps),
        $default: createDefaultHandler(deps),
      },
    },
    queue: withMoveLog(createQueueHandler(deps), deps),
    http: createHttpHandler(deps),
  };
}

/**
 * One log line per move, with its latency from the moment the `move` route received it to the moment
 * its batch was handled (applied, rejected or sent back for redelivery). The handler itself is untouched.
 */
function withMoveLog(consumer: SqsConsumer, deps: Pick<HandlerDeps, 'clock' | 'logger'>): SqsConsumer {
  return async (event: SQSEvent) => {
    const response = await consumer(event);
    const failed = new Set(response?.batchItemFailures.map((failure) => failure.itemIdentifier));
    const now = deps.clock.now();
    for (const record of event.Records) {
      const move = peek(record.body);
      deps.logger.info('move', {
        matchId: move.gameSessionId,
        moveId: move.moveId,
        userId: move.userId,
        move: move.move,
        receiveCount: Number(record.attributes.ApproximateReceiveCount),
        outcome: failed.has(record.messageId) ? 'retry' : 'handled',
        latencyMs: typeof move.receivedAt === 'number' ? now - move.receivedAt : undefined,
      });
    }
    return response;
  };
}

/**
 * The same line for the direct mode: the `move` route settled the move (or refused it) before it
 * returned, so the latency runs from API Gateway's receipt of the frame to the route's return.
 */
function withDirectMoveLog(route: RouteHandler, deps: Pick<HandlerDeps, 'clock' | 'logger'>): RouteHandler {
  return async (event) => {
    const answer = await route(event);
    const move = peek(bodyOf(event));
    const authorizer = event.requestContext.authorizer;
    deps.logger.info('move', {
      matchId: authorizer?.matchId,
      moveId: move.id,
      userId: authorizer?.userId,
      move: move.move,
      outcome: answer.statusCode === 200 ? 'handled' : 'failed',
      latencyMs: deps.clock.now() - event.requestContext.requestTimeEpoch,
    });
    return answer;
  };
}

/** Just the fields worth logging; the handlers do the real validation. */
function peek(body: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(body);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
