/**
 * Which SDK failures are worth another try: the one place src/aws reads an SDK error's shape to
 * decide, so adapters can mark their port errors `transient` and no SDK type has to leave src/aws.
 *
 * Transient: throttling (DynamoDB's ProvisionedThroughputExceededException and ThrottlingException,
 * API Gateway's LimitExceededException, any 429), server faults (any 5xx), timeouts and dropped
 * connections. Not transient: whatever a retry meets again unchanged (validation, access denied, a
 * missing table, a payload too large, a 410 Gone, which is an outcome anyway).
 */

const THROTTLING_NAMES = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'Throttling',
  'RequestLimitExceeded',
  'LimitExceededException',
  'TooManyRequestsException',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
]);

const SERVER_FAULT_NAMES = new Set([
  'InternalServerError',
  'InternalFailure',
  'InternalServerException',
  'ServiceUnavailable',
  'ServiceUnavailableException',
]);

/** The SDK's own names for a request that ran out of time (its requestTimeout), plus Node's socket codes. */
const TIMEOUT_NAMES = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException']);
const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/** What the SDK attaches to a service error, read structurally (no SDK import needed). */
interface SdkErrorShape {
  readonly name?: unknown;
  readonly code?: unknown;
  readonly $retryable?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: unknown };
  readonly cause?: unknown;
}

export function isTransientAwsError(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 5) return false;
  const shape = error as SdkErrorShape;
  const name = typeof shape.name === 'string' ? shape.name : '';
  if (name === 'AbortError') return false;
  // The service model's own verdict, where it has one (DynamoDB marks its throttles this way).
  if (shape.$retryable !== undefined && shape.$retryable !== null) return true;
  const status = shape.$metadata?.httpStatusCode;
  if (status === 429 || (typeof status === 'number' && status >= 500 && status <= 599)) return true;
  if (THROTTLING_NAMES.has(name) || SERVER_FAULT_NAMES.has(name) || TIMEOUT_NAMES.has(name)) return true;
  if (typeof shape.code === 'string' && NETWORK_CODES.has(shape.code)) return true;
  return shape.cause !== undefined && isTransientAwsError(shape.cause, depth + 1);
}
