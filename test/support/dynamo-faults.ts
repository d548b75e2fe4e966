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
