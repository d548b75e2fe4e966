import { describe, expect, it } from 'vitest';
import { backoffDelay, MAX_WRITE_ATTEMPTS, TRANSIENT_RETRY, withRetries } from '../../src/handlers/retry.js';
import { FanoutError, StoreError } from '../../src/ports/index.js';

const policy = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 300 };

describe('backoffDelay: exponential, with full jitter', () => {
  it.each([
    [1, 100],
    [2, 200],
    [3, 300],
    [9, 300],
  ])('retry %i waits in [0, %i)', (retry, ceiling) => {
    expect(backoffDelay(retry, policy, () => 0)).toBe(0);
    expect(backoffDelay(retry, policy, () => 0.999_999)).toBe(ceiling - 1);
    expect(backoffDelay(retry, policy, () => 0.5)).toBe(ceiling / 2);
  });

  it('keeps the handlers’ own waits under a second in all, on top of the SDK’s', () => {
    const worst = [1, 2, 3].reduce((sum, retry) => sum + backoffDelay(retry, TRANSIENT_RETRY, () => 0.999_999), 0);
    expect(TRANSIENT_RETRY.maxAttempts).toBe(4);
    expect(worst).toBeLessThan(1_000);
    expect(MAX_WRITE_ATTEMPTS).toBeGreaterThanOrEqual(2);
  });
});

describe('withRetries', () => {
  const noWait = () => {
    const waits: number[] = [];
    return { waits, sleep: async (ms: number) => void waits.push(ms), random: () => 0.5 };
  };
  const transient = new StoreError('DynamoDB UpdateItem failed (ThrottlingException)', { transient: true });

  it('retries a transient port failure with growing waits until it succeeds', async () => {
    const { waits, ...options } = noWait();
    const seen: unknown[] = [];
    let calls = 0;
    const result = await withRetries(
      async (attempt) => {
        calls += 1;
        expect(attempt).toBe(calls);
        if (calls < 3) throw transient;
        return 'written';
      },
      { ...options, policy, onRetry: ({ reason }) => seen.push(reason) },
    );
    expect(result).toBe('written');
    expect(waits).toEqual([50, 100]);
    expect(seen).toEqual([transient, transient]);
  });

  it('throws a failure that is not transient at once, and the last one when attempts run out', async () => {
    const { waits, ...options } = noWait();
    const permanent = new FanoutError('PostToConnection failed (ForbiddenException)');
    let calls = 0;
    await expect(
      withRetries(async () => {
        calls += 1;
        throw permanent;
      }, options),
    ).rejects.toBe(permanent);
    expect(calls).toBe(1);
    await expect(withRetries(async () => Promise.reject(new Error('a bug')), options)).rejects.toThrow('a bug');

    calls = 0;
    await expect(
      withRetries(
        async () => {
          calls += 1;
          throw transient;
        },
        { ...options, policy },
      ),
    ).rejects.toBe(transient);
    expect(calls).toBe(policy.maxAttempts);
    expect(waits).toHaveLength(policy.maxAttempts - 1);
  });

  it('retries a result it is told to (a lost version race), returning the last one when attempts run out', async () => {
    const { waits, ...options } = noWait();
    const outcomes = ['conflict', 'conflict', 'written'];
    expect(await withRetries(async () => outcomes.shift(), { ...options, retryIf: (o) => o === 'conflict' })).toBe(
      'written',
    );
    expect(await withRetries(async () => 'conflict', { ...options, policy, retryIf: (o) => o === 'conflict' })).toBe(
      'conflict',
    );
    expect(waits).toHaveLength(2 + policy.maxAttempts - 1);
  });
});
