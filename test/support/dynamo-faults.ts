import { Readable } from 'node:stream';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** The errors DynamoDB answers when it throttles: awsJson1_0 `__type`s, HTTP 400 both. */
export const THROTTLES = {
  ProvisionedThroughputExceededException: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
  ThrottlingException: 'com.amazon.coral.availability#ThrottlingException',
} as const;

export type Throttle = keyof typeof THROTTLES;

export interface InjectedFaults {
  /** How many responses were replaced so far. */
  readonly injected: () => number;
  /** How many requests of the operation reached this point (injected or real). */
  readonly attempts: () => number;
  remove(): void;
}

let installed = 0;

/**
 * Makes the first `times` requests of one operation (`'UpdateItem'`, `'Query'`…) answer as DynamoDB
 * does when it throttles, on a real client talking to a real local engine: a middleware just before
 * the wire swaps the HTTP response for DynamoDB's 400 throttling error, so the SDK's own deserializer
 * builds the real exception and its retry strategy sees exactly what it would see from AWS.
 */
export function throttleFirst(
  client: DynamoDBClient,
  operation: string,
  times: number,
  error: Throttle = 'ProvisionedThroughputExceededException',
): InjectedFaults {
  const name = `turngateThrottle${++installed}`;
  let injected = 0;
  let attempts = 0;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== `${operation}Command`) return next(args);
      attempts += 1;
      if (injected >= times) return next(args);
      injected += 1;
      const body = JSON.stringify({
        __type: THROTTLES[error],
        message: 'Rate of requests exceeds the allowed throughput.',
      });
      // Shaped like what the Node HTTP handler returns; the deserializer reads it structurally.
      const response = {
        statusCode: 400,
        reason: 'Bad Request',
        headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': `throttled-${injected}` },
        body: Readable.from([Buffer.from(body)]),
      };
      return { response, output: undefined } as unknown as Awaited<ReturnType<typeof next>>;
    },
    // Innermost: after the retry middleware and the deserializer, right before the request is sent.
    { step: 'deserialize', priority: 'low', name },
  );
  return {
    injected: () => injected,
    attempts: () => attempts,
    remove: () => void client.middlewareStack.remove(name),
  };
}

/** Any AWS SDK v3 client: what the middleware below needs of one. */
interface SdkClient {
  readonly middlewareStack: { add(middleware: unknown, options: unknown): unknown };
}

type Next = (args: unknown) => Promise<unknown>;

/** A command as a fault's predicate sees it: its name (`UpdateItemCommand`…) and its input. */
export interface SentCommand {
  readonly commandName: string;
  readonly input: Record<string, unknown>;
}

export interface FaultHooks {
  /** The first time `when` holds for a request: let it through (it commits), then answer with a 500. */
  failAfterCommit(when: (command: SentCommand) => boolean): void;
  /** The next `times` requests for which `when` holds answer as a throttle, never reaching the engine. */
  throttle(when: (command: SentCommand) => boolean, times: number): void;
  /** How many faults were injected so far. */
  injected(): number;
}

/**
 * Faults armed on a live client (any AWS SDK client on a real local engine), after the retry
 * middleware and the deserializer: the SDK meets each fault exactly as it would meet AWS's, and
 * retries as it would. One hook per client; arm as many faults as a test needs, one after another.
 */
export function faultHooks(client: SdkClient, jsonProtocolType = 'application/x-amz-json-1.0'): FaultHooks {
  const armed: { kind: 'commit' | 'throttle'; when: (command: SentCommand) => boolean; left: number }[] = [];
  let injected = 0;
  const answer = (statusCode: number, type: string, message: string) => ({
    response: {
      statusCode,
      reason: statusCode === 500 ? 'Internal Server Error' : 'Bad Request',
      headers: {
        'content-type': jsonProtocolType,
        'x-amzn-requestid': `fault-${injected}`,
        'x-amzn-query-error': `${type};Sender`,
      },
      body: Readable.from([Buffer.from(JSON.stringify({ __type: type, message }))]),
    },
    output: undefined,
  });
  client.middlewareStack.add(
    (next: Next, context: { commandName?: string }) => async (args: { input: Record<string, unknown> }) => {
      const command = { commandName: context.commandName ?? '', input: args.input };
      const fault = armed.find((candidate) => candidate.left > 0 && candidate.when(command));
      if (fault === undefined) return next(args);
      fault.left -= 1;
      injected += 1;
      if (fault.kind === 'throttle') {
        return answer(400, THROTTLES.ThrottlingException, 'Rate exceeded (injected)');
      }
      await next(args);
      return answer(500, 'com.amazonaws.dynamodb.v20120810#InternalServerError', 'lost answer (injected)');
    },
    { step: 'deserialize', priority: 'low', name: `turngateFaults${++installed}` },
  );
  return {
    failAfterCommit: (when) => void armed.push({ kind: 'commit', when, left: 1 }),
    throttle: (when, times) => void armed.push({ kind: 'throttle', when, left: times }),
    injected: () => injected,
  };
}
