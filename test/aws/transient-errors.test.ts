import { describe, expect, it } from 'vitest';
import { isTransientAwsError } from '../../src/aws/transient-errors.js';

/** Errors shaped as the SDK v3 builds them: a name, and $metadata with the HTTP status. */
const sdkError = (name: string, httpStatusCode?: number, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(name), { name, $metadata: { httpStatusCode }, ...extra });

describe('isTransientAwsError', () => {
  it.each([
    ['DynamoDB throttling', sdkError('ProvisionedThroughputExceededException', 400)],
    ['DynamoDB on-demand throttling', sdkError('ThrottlingException', 400)],
    ['a request limit', sdkError('RequestLimitExceeded', 400)],
    ['API Gateway throttling a connection', sdkError('LimitExceededException', 429)],
    ['any 429', sdkError('SomethingNew', 429)],
    ['a 500', sdkError('InternalServerError', 500)],
    ['a 503', sdkError('ServiceUnavailable', 503)],
    ['the service marking it retryable', sdkError('Anything', 400, { $retryable: { throttling: true } })],
    ['the request timeout', Object.assign(new Error('timed out'), { name: 'TimeoutError', code: 'ETIMEDOUT' })],
    ['a reset connection', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })],
    ['a cause that is transient', new Error('wrapped', { cause: sdkError('ThrottlingException', 400) })],
  ])('%s is transient', (_case, error) => {
    expect(isTransientAwsError(error)).toBe(true);
  });

  it.each([
    ['a failed condition', sdkError('ConditionalCheckFailedException', 400)],
    ['a validation error', sdkError('ValidationException', 400)],
    ['a missing table', sdkError('ResourceNotFoundException', 400)],
    ['access denied', sdkError('AccessDeniedException', 400)],
    ['a forbidden post', sdkError('ForbiddenException', 403)],
    ['a payload too large', sdkError('PayloadTooLargeException', 413)],
    ['Gone', sdkError('GoneException', 410)],
    ['an abort', sdkError('AbortError')],
    ['no error at all', undefined],
    ['a string', 'ThrottlingException'],
  ])('%s is not', (_case, error) => {
    expect(isTransientAwsError(error)).toBe(false);
  });
});
