import { createHash } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type * as z from 'zod';
import type { TokenRefusal } from '../ports/index.js';
import {
  ERROR_MESSAGES,
  type ErrorCode,
  HTTP_STATUS,
  IDEMPOTENCY_KEY_HEADER,
  idempotencyKeySchema,
} from '../protocol/index.js';
import type { HandlerDeps } from './deps.js';
import { bodyOf, headerValue } from './events.js';

/**
 * The lobby API's request plumbing, apart from its routes (http.ts): JSON answers and typed errors,
 * who the caller is, bounded and parsed bodies, the create's idempotency key, and ETags for pages.
 */

/** Lobby requests are small; anything bigger is a mistake or an attack. */
export const MAX_HTTP_BODY_BYTES = 16 * 1024;

export type HttpResult = APIGatewayProxyStructuredResultV2;
/** What checking the caller needs: their token's verdict, and a log line when it is refused. */
type AuthDeps = Pick<HandlerDeps, 'tokens' | 'logger'>;

export const json = (statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResult => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
  body: JSON.stringify(body),
});

/** `{ error: { code, message } }`, with the code's status: the same codes WebSocket clients get. */
export function httpError(code: ErrorCode, message: string = ERROR_MESSAGES[code]): HttpResult {
  const headers: Record<string, string> = code === 'unauthorized' ? { 'www-authenticate': 'Bearer' } : {};
  return json(HTTP_STATUS[code], { error: { code, message } }, headers);
}

/**
 * A lobby page with its ETag, or 304 Not Modified when the client already holds that very page
 * (`If-None-Match`): a crowd polling an unchanged lobby downloads and parses nothing. `no-cache`, not
 * `no-store`: a browser may keep the page, and must ask (with the ETag) before showing it again.
 */
export function revalidated(event: APIGatewayProxyEventV2, body: unknown): HttpResult {
  const text = JSON.stringify(body);
  const etag = `"${createHash('sha256').update(text).digest('base64url').slice(0, 27)}"`;
  const headers = { etag, 'cache-control': 'no-cache' };
  if (etagsOf(headerValue(event.headers, 'if-none-match')).some((held) => held === etag || held === '*')) {
    return { statusCode: 304, headers };
  }
  return { ...json(200, body, headers), body: text };
}

/** The entity tags an If-None-Match lists; a weak one (`W/"…"`) compares by its tag, as GET allows. */
const etagsOf = (header: string | undefined): string[] =>
  header === undefined ? [] : header.split(',').map((tag) => tag.trim().replace(/^W\//, ''));

/**
 * Why a token was refused, in words for the person holding it: the UI shows these as they are. Only
 * `expired` is the player's to fix; the others mean the deployment and its provider disagree.
 */
export const REFUSAL_MESSAGES: Readonly<Record<TokenRefusal, string>> = {
  missing: ERROR_MESSAGES.unauthorized,
  malformed: 'Sign in again: the token could not be read.',
  expired: 'Your sign-in has expired: sign in again.',
  not_yet_valid: 'The token is not valid yet: check the clocks of this server and the sign-in provider.',
  wrong_issuer: 'The token comes from a sign-in provider this server does not trust.',
  wrong_audience: 'The token was issued for another application.',
  bad_signature: 'The token’s signature does not match the sign-in provider’s keys.',
  missing_user_id: 'The token does not say who you are (no user id claim).',
  reserved_user_id: 'The token names a user id that only bots may have (it starts with "bot:").',
};

/** Runs `run` as the signed-in caller; a missing or refused token is a 401 with the reason. */
export async function withUser(
  deps: AuthDeps,
  event: APIGatewayProxyEventV2,
  run: (userId: string) => Promise<HttpResult>,
): Promise<HttpResult> {
  const verdict = await deps.tokens.check(bearerToken(event) ?? '');
  if (verdict.ok) return run(verdict.identity.userId);
  deps.logger.info('http.unauthorized', { reason: verdict.refusal });
  return httpError('unauthorized', REFUSAL_MESSAGES[verdict.refusal]);
}

/**
 * For reads anyone may make but that show a signed-in player more (their own secrets): the caller's
 * user id, or `null` without an Authorization header. A token that is there but refused is a 401 with
 * the reason, never a silent downgrade to what a stranger sees.
 */
export async function withViewer(
  deps: AuthDeps,
  event: APIGatewayProxyEventV2,
  run: (viewer: string | null) => Promise<HttpResult>,
): Promise<HttpResult> {
  return bearerToken(event) === undefined ? run(null) : withUser(deps, event, run);
}

const bearerToken = (event: APIGatewayProxyEventV2): string | undefined =>
  /^Bearer\s+(.+)$/i.exec(headerValue(event.headers, 'authorization')?.trim() ?? '')?.[1];

/** The create's `Idempotency-Key`, when it sent one (protocol/lobby.ts). */
export function idempotencyKeyOf(event: APIGatewayProxyEventV2): Parsed<string> | undefined {
  const raw = headerValue(event.headers, IDEMPOTENCY_KEY_HEADER);
  if (raw === undefined) return undefined;
  const parsed = idempotencyKeySchema.safeParse(raw.trim());
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, error: httpError('bad_args', `${IDEMPOTENCY_KEY_HEADER}: ${issueText(parsed.error)}`) };
}

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: HttpResult };

/** The JSON body, bounded before it is parsed, and checked by its schema: a typed 4xx otherwise. */
export function readBody<T>(event: APIGatewayProxyEventV2, schema: z.ZodType<T>): Parsed<T> {
  const raw = bodyOf(event);
  if (Buffer.byteLength(raw) > MAX_HTTP_BODY_BYTES) return { ok: false, error: httpError('frame_too_large') };
  let value: unknown;
  try {
    value = JSON.parse(raw || '{}');
  } catch {
    return { ok: false, error: httpError('bad_frame', 'the body is not JSON') };
  }
  const parsed = schema.safeParse(value);
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, error: httpError('bad_args', issueText(parsed.error)) };
}

/** A schema's first complaint, with where it was: what a 400 says. */
export function issueText(error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return 'invalid request';
  return issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ${issue.message}` : issue.message;
}
