import type { ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import { marshall as sdkMarshall, unmarshall as sdkUnmarshall } from '@aws-sdk/util-dynamodb';
import { StoreError } from '../ports/errors.js';
import { isTransientAwsError } from './transient-errors.js';

/** What the DynamoDB adapters share: marshalling, error translation and capacity reporting. */

/** One operation's consumed capacity, in plain numbers so callers need no SDK type. */
export interface CapacityReport {
  readonly operation: string;
  readonly table: string;
  readonly capacityUnits: number;
  readonly readUnits?: number;
  readonly writeUnits?: number;
}

export type CapacityListener = (report: CapacityReport) => void;

/** Reports the ConsumedCapacity of a response (TOTAL mode) to the listener, if there is one. */
export function reportCapacity(
  listener: CapacityListener | undefined,
  operation: string,
  consumed: ConsumedCapacity | readonly ConsumedCapacity[] | undefined,
): void {
  if (!listener || !consumed) return;
  for (const entry of Array.isArray(consumed) ? consumed : [consumed]) {
    listener({
      operation,
      table: entry.TableName ?? '',
      capacityUnits: entry.CapacityUnits ?? 0,
      ...(entry.ReadCapacityUnits === undefined ? {} : { readUnits: entry.ReadCapacityUnits }),
      ...(entry.WriteCapacityUnits === undefined ? {} : { writeUnits: entry.WriteCapacityUnits }),
    });
  }
}

/**
 * JSON-like values in, DynamoDB attribute values out. Undefined map values are dropped (JSON drops
 * them too); class instances are refused rather than silently flattened.
 */
export const marshall = (value: Record<string, unknown>) =>
  sdkMarshall(value, { removeUndefinedValues: true, convertClassInstanceToMap: false });

export const unmarshall = sdkUnmarshall;

/** DynamoDB's answer to a failed ConditionExpression: an expected outcome, not a failure. */
export const isConditionalCheckFailed = (error: unknown): boolean =>
  error instanceof Error && error.name === 'ConditionalCheckFailedException';

/**
 * Wraps any other SDK failure so that no SDK error type leaves src/aws, marked transient when a
 * later attempt may succeed (throttling, 5xx, timeouts): the SDK's own retries are spent by then.
 */
export function storeError(operation: string, error: unknown): StoreError {
  const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new StoreError(`DynamoDB ${operation} failed (${reason})`, {
    cause: error,
    transient: isTransientAwsError(error),
  });
}

/** Runs one SDK call whose every failure is a StoreError (calls with a condition handle theirs first). */
export async function guarded<T>(operation: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw storeError(operation, error);
  }
}
