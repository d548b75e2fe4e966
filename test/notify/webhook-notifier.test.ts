import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWebhookNotifier, verifyNoticeWebhook, type WebhookNotifier } from '../../src/notify/index.js';
import type { Logger, PlayerNotice } from '../../src/ports/index.js';
import { type Receiver, startReceiver } from './receiver.js';

const secret = 'a-webhook-secret-of-at-least-32-bytes!!';
const notice = (version: number, userId = 'bob'): PlayerNotice => ({
  kind: 'your_turn',
  userId,
  matchId: 'm1',
  game: 'tic-tac-toe',
  version,
});

const recordingLogger = () => {
  const lines: { level: string; event: string }[] = [];
  const at = (level: string) => (event: string) => lines.push({ level, event });
  const logger: Logger = { info: at('info'), warn: at('warn'), error: at('error') };
  return { logger, events: () => lines.map((line) => line.event) };
};

let receiver: Receiver;
let notifier: WebhookNotifier | undefined;
beforeEach(async () => {
  receiver = await startReceiver();
});
afterEach(async () => {
  notifier?.close();
  await receiver.stop();
});

// Short waits keep the retry tests quick; what they show is which answers are retried, not when.
const fastRetry = { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20 };

describe('the webhook notifier', () => {
  it('POSTs one signed JSON body per notice', async () => {
    const { logger } = recordingLogger();
    notifier = createWebhookNotifier({ url: receiver.url, secret, logger });
    await notifier.notify([notice(2), notice(3, 'carol')]);
    await notifier.idle();
    expect(receiver.received).toHaveLength(2);
    const verified = receiver.received.map(({ headers, body }) =>
      verifyNoticeWebhook({ body, signature: headers['turngate-signature'], secret }),
    );
    expect(verified).toEqual([
      { ok: true, notice: notice(2) },
      { ok: true, notice: notice(3, 'carol') },
    ]);
    expect(receiver.received[0]?.headers['content-type']).toBe('application/json');
  });

  it('retries a 500 and a 429 with backoff until the receiver takes it', async () => {
    const { logger, events } = recordingLogger();
    receiver.answer = (_request, index) => [500, 429, 200][index] ?? 200;
    notifier = createWebhookNotifier({ url: receiver.url, secret, logger, retry: fastRetry });
    await notifier.notify([notice(2)]);
    await notifier.idle();
    expect(receiver.received.map(({ body }) => JSON.parse(body).version)).toEqual([2, 2, 2]);
    expect(events()).toEqual(['notify.retry', 'notify.retry']);
    expect(notifier.failures).toBe(0);
  });

  it('gives up at once on a refusal (4xx), and after its attempts on a receiver that keeps failing', async () => {
    const { logger, events } = recordingLogger();
    receiver.answer = (request) => (JSON.parse(request.body).version === 2 ? 401 : 503);
    notifier = createWebhookNotifier({ url: receiver.url, secret, logger, retry: fastRetry, maxInFlight: 1 });
    await notifier.notify([notice(2), notice(3)]);
    await notifier.idle();
    expect(receiver.received.map(({ body }) => JSON.parse(body).version)).toEqual([2, 3, 3, 3]);
    expect(events().filter((event) => event === 'notify.failed')).toHaveLength(2);
    expect(notifier.failures).toBe(2);
  });

  it('never throws, and drops what no schema accepts', async () => {
    const { logger, events } = recordingLogger();
    notifier = createWebhookNotifier({ url: 'http://127.0.0.1:9/nothing-listens', secret, logger, retry: fastRetry });
    const bad = { ...notice(1), kind: 'your_birthday' } as unknown as PlayerNotice;
    await expect(notifier.notify([bad, notice(2)])).resolves.toBeUndefined();
    await notifier.idle();
    expect(events()).toContain('notify.bad_notice');
    expect(events()).toContain('notify.failed');
  });

  it('keeps a hanging receiver to its in-flight slots and a bounded queue, dropping the oldest', async () => {
    const { logger, events } = recordingLogger();
    receiver.answer = () => 'hang';
    notifier = createWebhookNotifier({ url: receiver.url, secret, logger, maxInFlight: 2, maxQueued: 3 });
    // notify hands over and returns while every delivery hangs.
    await notifier.notify([1, 2, 3, 4, 5, 6, 7].map((version) => notice(version)));
    await receiver.waitFor(2);
    expect(receiver.held).toBe(2);
    expect(events().filter((event) => event === 'notify.dropped')).toHaveLength(2);
    receiver.answer = () => 204;
    receiver.release();
    await notifier.idle();
    // 1 and 2 went out first; of 3..7 the queue kept the newest three.
    expect(receiver.received.map(({ body }) => JSON.parse(body).version)).toEqual([1, 2, 5, 6, 7]);
  });
});
