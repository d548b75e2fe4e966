import { createHmac, timingSafeEqual } from 'node:crypto';
import { type PlayerNotice, playerNoticeSchema } from '../ports/notifier.js';

/**
 * How a notice webhook is signed, and how a receiver checks it.
 *
 * Every POST carries `Turngate-Signature: t=<unix seconds>,v1=<hex>`, where `v1` is
 * HMAC-SHA256(secret, `${t}.${raw body}`) in lowercase hex. The receiver:
 *   1. reads the body as raw bytes, before any JSON parsing (re-serialising changes the bytes);
 *   2. rejects a `t` further than the tolerance (5 minutes) from its own clock: a captured request
 *      replayed later fails here, and the timestamp cannot be altered without breaking `v1`;
 *   3. recomputes `v1` and compares in constant time;
 *   4. only then parses the body (`playerNoticeSchema`).
 * `verifyNoticeWebhook` below does all four. Retries re-sign with a fresh `t`, so a receiver that
 * must not act twice dedupes on the notice itself (user, match, kind, version): that is what
 * `version` is for.
 */
export const SIGNATURE_HEADER = 'turngate-signature';
export const SIGNATURE_SCHEME = 'v1';
export const DEFAULT_TOLERANCE_SECONDS = 300;

export type WebhookSecret = string | Uint8Array;

const hmacHex = (secret: WebhookSecret, timestamp: number, body: string): string =>
  createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');

/** The header value for `body` signed at `nowMs`. */
export function signNoticeBody(secret: WebhookSecret, body: string, nowMs: number): string {
  const timestamp = Math.floor(nowMs / 1000);
  return `t=${timestamp},${SIGNATURE_SCHEME}=${hmacHex(secret, timestamp, body)}`;
}

export type VerifyFailure =
  | 'missing_signature'
  | 'malformed_signature'
  | 'stale_timestamp'
  | 'bad_signature'
  | 'bad_body';

export type VerifyResult =
  | { readonly ok: true; readonly notice: PlayerNotice }
  | { readonly ok: false; readonly reason: VerifyFailure };

export interface VerifyInput {
  /** The request body exactly as received. */
  readonly body: string | Uint8Array;
  /** The `Turngate-Signature` header (Node lower-cases header names). */
  readonly signature: string | readonly string[] | undefined;
  readonly secret: WebhookSecret;
  /** The receiver's clock, epoch milliseconds. */
  readonly nowMs?: number;
  readonly toleranceSeconds?: number;
}

/** For receivers: checks the signature and the timestamp, then parses the notice. Never throws. */
export function verifyNoticeWebhook(input: VerifyInput): VerifyResult {
  const header = Array.isArray(input.signature) ? input.signature[0] : input.signature;
  if (typeof header !== 'string' || header.length === 0) return { ok: false, reason: 'missing_signature' };
  const parsed = parseHeader(header);
  if (parsed === undefined) return { ok: false, reason: 'malformed_signature' };

  const nowSeconds = Math.floor((input.nowMs ?? Date.now()) / 1000);
  if (Math.abs(nowSeconds - parsed.timestamp) > (input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS)) {
    return { ok: false, reason: 'stale_timestamp' };
  }
  const body = typeof input.body === 'string' ? input.body : Buffer.from(input.body).toString('utf8');
  const expected = Buffer.from(hmacHex(input.secret, parsed.timestamp, body), 'hex');
  // Several v1 values may be sent while a secret is being rotated: any one that matches will do.
  if (!parsed.signatures.some((candidate) => equalInConstantTime(candidate, expected))) {
    return { ok: false, reason: 'bad_signature' };
  }
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return { ok: false, reason: 'bad_body' };
  }
  const notice = playerNoticeSchema.safeParse(value);
  return notice.success ? { ok: true, notice: notice.data } : { ok: false, reason: 'bad_body' };
}

function parseHeader(header: string): { timestamp: number; signatures: Buffer[] } | undefined {
  let timestamp: number | undefined;
  const signatures: Buffer[] = [];
  for (const part of header.split(',')) {
    const [key, value] = part.trim().split('=', 2);
    if (key === 't' && value !== undefined && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    if (key === SIGNATURE_SCHEME && value !== undefined && /^[0-9a-f]{64}$/.test(value)) {
      signatures.push(Buffer.from(value, 'hex'));
    }
  }
  return timestamp === undefined || signatures.length === 0 ? undefined : { timestamp, signatures };
}

const equalInConstantTime = (a: Buffer, b: Buffer): boolean => a.length === b.length && timingSafeEqual(a, b);
