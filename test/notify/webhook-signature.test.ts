import { describe, expect, it } from 'vitest';
import { signNoticeBody, verifyNoticeWebhook } from '../../src/notify/index.js';

const secret = 'a-webhook-secret-of-at-least-32-bytes!!';
const notice = { kind: 'your_turn', userId: 'bob', matchId: 'm1', game: 'tic-tac-toe', version: 4 } as const;
const body = JSON.stringify(notice);
const now = Date.UTC(2026, 10, 30, 12, 0, 0);

describe('notice webhook signatures', () => {
  it('a receiver accepts what the server signed, and gets the notice back parsed', () => {
    const signature = signNoticeBody(secret, body, now);
    expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifyNoticeWebhook({ body, signature, secret, nowMs: now + 1_000 })).toEqual({ ok: true, notice });
    expect(verifyNoticeWebhook({ body: Buffer.from(body), signature: [signature], secret, nowMs: now })).toEqual({
      ok: true,
      notice,
    });
  });

  it.each([
    ['no header', undefined, body, now, 'missing_signature'],
    ['a header without a timestamp', 'v1=00', body, now, 'malformed_signature'],
    ['a replay six minutes later', signNoticeBody(secret, body, now), body, now + 6 * 60_000, 'stale_timestamp'],
    ['a timestamp from the future', signNoticeBody(secret, body, now + 10 * 60_000), body, now, 'stale_timestamp'],
    ['a changed body', signNoticeBody(secret, body, now), body.replace('bob', 'eve'), now, 'bad_signature'],
    ['another secret', signNoticeBody(`${secret}x`, body, now), body, now, 'bad_signature'],
    [
      'a moved timestamp',
      signNoticeBody(secret, body, now).replace(/^t=(\d+)/, (_all, t) => `t=${Number(t) + 1}`),
      body,
      now,
      'bad_signature',
    ],
    ['a signed body that is no notice', signNoticeBody(secret, '{"kind":"x"}', now), '{"kind":"x"}', now, 'bad_body'],
  ])('refuses %s', (_case, signature, received, nowMs, reason) => {
    expect(verifyNoticeWebhook({ body: received, signature, secret, nowMs })).toEqual({ ok: false, reason });
  });
});
