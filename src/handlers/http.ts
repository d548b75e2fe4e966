import { createHash } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import * as z from 'zod';
import type { TokenRefusal } from '../ports/index.js';
import {
  createMatchBodySchema,
  devStateQuerySchema,
  ERROR_MESSAGES,
  type ErrorCode,
  HTTP_STATUS,
  IDEMPOTENCY_KEY_HEADER,
  idempotencyKeySchema,
  joinBodySchema,
  leaderboardQuerySchema,
  matchListQuerySchema,
  moveLogQuerySchema,
  myMatchesQuerySchema,
  quickMatchBodySchema,
  replayQuerySchema,
  signInBodySchema,
} from '../protocol/index.js';
import type { HandlerDeps } from './deps.js';
import { devMatchState } from './dev-state.js';
import { bodyOf, headerValue } from './events.js';
import { listGames } from './game-list.js';
import { type LeaveDeps, leaveMatch } from './leave.js';
import {
  beginMatch,
  joinMatch,
  type LobbyResult,
  listMatches,
  matchLog,
  myMatches,
  openMatch,
  showMatch,
} from './lobby.js';
import { describeError } from './log-fields.js';
import { quickMatch } from './matchmaking.js';
import { leaderboard, myRatings } from './ratings.js';
import { rematch } from './rematch.js';
import { matchReplay } from './replay.js';

/** Lobby requests are small; anything bigger is a mistake or an attack. */
export const MAX_HTTP_BODY_BYTES = 16 * 1024;

type HttpResult = APIGatewayProxyStructuredResultV2;
type HttpDeps = LeaveDeps & Pick<HandlerDeps, 'tokens' | 'devSignIn'>;

const json = (statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResult => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
  body: JSON.stringify(body),
});

/** `{ error: { code, message } }`, with the code's status: the same codes WebSocket clients get. */
export function httpError(code: ErrorCode, message: string = ERROR_MESSAGES[code]): HttpResult {
  const headers: Record<string, string> = code === 'unauthorized' ? { 'www-authenticate': 'Bearer' } : {};
  return json(HTTP_STATUS[code], { error: { code, message } }, headers);
}

const answer = <T>(result: LobbyResult<T>, status = 200, wrap: (value: T) => unknown = (value) => value) =>
  result.ok ? json(status, wrap(result.value)) : httpError(result.error.code, result.error.message);

interface Call {
  readonly deps: HttpDeps;
  readonly event: APIGatewayProxyEventV2;
  /** The `:id` segment, decoded, when the route has one. */
  readonly id: string;
}

type Route = readonly [method: 'GET' | 'POST', pattern: string, run: (call: Call) => Promise<HttpResult>];

/** The lobby API, as the team notes list it; paths are relative to `/api`. */
const ROUTES: readonly Route[] = [
  ['GET', 'games', async ({ deps }) => json(200, { games: listGames(deps) })],
  [
    'GET',
    'matches',
    async ({ deps, event }) => {
      const query = matchListQuerySchema.safeParse(event.queryStringParameters ?? {});
      if (!query.success) return httpError('bad_args', issueText(query.error));
      const page = await listMatches(deps, query.data);
      return page.ok ? revalidated(event, page.value) : httpError(page.error.code, page.error.message);
    },
  ],
  [
    'POST',
    'matches',
    ({ deps, event }) =>
      withUser(deps, event, async (userId) => {
        const body = readBody(event, createMatchBodySchema);
        if (!body.ok) return body.error;
        const key = idempotencyKeyOf(event);
        if (key !== undefined && !key.ok) return key.error;
        return answer(await openMatch(deps, body.value, userId, key?.value), 201);
      }),
  ],
  ['GET', 'matches/:id', async ({ deps, id }) => answer(await showMatch(deps, id))],
  [
    'GET',
    'matches/:id/log',
    async ({ deps, event, id }) => {
      const query = moveLogQuerySchema.safeParse(event.queryStringParameters ?? {});
      if (!query.success) return httpError('bad_args', issueText(query.error));
      // Signed in or not: a player sees their own secret args, everyone else what the rules reveal.
      return withViewer(deps, event, async (viewer) => answer(await matchLog(deps, id, query.data, viewer)));
    },
  ],
  [
    'GET',
    'matches/:id/replay',
    async ({ deps, event, id }) => {
      const query = replayQuerySchema.safeParse(event.queryStringParameters ?? {});
      if (!query.success) return httpError('bad_args', issueText(query.error));
      // As for the log: a seated caller replays with their own views, anyone else with the spectator's.
      return withViewer(deps, event, async (viewer) => answer(await matchReplay(deps, id, query.data, viewer)));
    },
  ],
  [
    'POST',
    'matches/:id/join',
    ({ deps, event, id }) =>
      withUser(deps, event, async (userId) => {
        const body = readBody(event, joinBodySchema);
        if (!body.ok) return body.error;
        return answer(await joinMatch(deps, id, userId, body.value.invite), 200, (match) => ({ match }));
      }),
  ],
  // One match again with the same players and settings, made once however many of them ask.
  [
    'POST',
    'matches/:id/rematch',
    ({ deps, event, id }) =>
      withUser(deps, event, async (userId) => answer(await rematch(deps, id, userId), 200, (match) => ({ match }))),
  ],
  // Quick match: a seat in the pool's one open match (matchmaking.ts).
  [
    'POST',
    'matchmaking',
    ({ deps, event }) =>
      withUser(deps, event, async (userId) => {
        const body = readBody(event, quickMatchBodySchema);
        return body.ok ? answer(await quickMatch(deps, body.value, userId)) : body.error;
      }),
  ],
  [
    'GET',
    'leaderboard',
    async ({ deps, event }) => {
      const query = leaderboardQuerySchema.safeParse(event.queryStringParameters ?? {});
      if (!query.success) return httpError('bad_args', issueText(query.error));
      return answer(await leaderboard(deps, query.data));
    },
  ],
  [
    'POST',
    'matches/:id/leave',
    ({ deps, event, id }) =>
      withUser(deps, event, async (userId) => {
        const left = await leaveMatch(deps, id, userId);
        return left.ok ? json(left.value.queued ? 202 : 200, left.value) : answer(left);
      }),
  ],
  [
    'POST',
    'matches/:id/start',
    ({ deps, event, id }) =>
      withUser(deps, event, async (userId) => answer(await beginMatch(deps, id, userId), 200, (match) => ({ match }))),
  ],
  // Who the token says the caller is: lets a browser, which cannot see why a WebSocket upgrade was
  // refused, tell an expired sign-in (401 here) from a server that is down.
  [
    'GET',
    'me',
    ({ deps, event }) =>
      withUser(deps, event, async (userId) => json(200, { userId, ratings: await myRatings(deps, userId) })),
  ],
  // The caller's inbox across games: their matches, their turn first, with each turn's deadline.
  [
    'GET',
    'me/matches',
    ({ deps, event }) =>
      withUser(deps, event, async (userId) => {
        const query = myMatchesQuerySchema.safeParse(event.queryStringParameters ?? {});
        if (!query.success) return httpError('bad_args', issueText(query.error));
        return json(200, { matches: await myMatches(deps, userId, query.data) });
      }),
  ],
  ['POST', 'dev/sign-in', ({ deps, event }) => devSignIn(deps, event)],
  // The debug panel's view of a match: its true state, every seat's view, the whole log.
  [
    'GET',
    'dev/matches/:id/state',
    async ({ deps, event, id }) => {
      if (!developmentMode(deps)) return httpError('unknown_action', `no endpoint GET ${event.rawPath}`);
      const query = devStateQuerySchema.safeParse(event.queryStringParameters ?? {});
      if (!query.success) return httpError('bad_args', issueText(query.error));
      return answer(await devMatchState(deps, id, query.data));
    },
  ],
];

/**
 * The lobby API: `APIGatewayProxyEventV2` in, JSON out. Reads are public (anyone may watch the lobby);
 * creating, joining and starting need `Authorization: Bearer <jwt>`. Unexpected failures answer a
 * plain 500 `internal`: details go to the log, never to the client.
 */
export function createHttpHandler(deps: HttpDeps) {
  return async (event: APIGatewayProxyEventV2): Promise<HttpResult> => {
    const method = event.requestContext.http.method.toUpperCase();
    const segments = apiSegments(event.rawPath);
    const found = segments === undefined ? undefined : findRoute(method, segments);
    if (found === undefined) return httpError('unknown_action', `no endpoint ${method} ${event.rawPath}`);
    try {
      return await found.run({ deps, event, id: found.id });
    } catch (error) {
      deps.logger.error('http.failed', { method, path: event.rawPath, error: describeError(error) });
      return httpError('internal');
    }
  };
}

/** The decoded path segments after `/api`; behind a named stage the raw path starts with the stage. */
function apiSegments(rawPath: string): string[] | undefined {
  const segments = rawPath.split('/').filter(Boolean);
  const at = segments.indexOf('api');
  if (at < 0) return undefined;
  try {
    return segments.slice(at + 1).map(decodeURIComponent);
  } catch {
    return undefined; // a malformed %-escape names no resource
  }
}

function findRoute(method: string, segments: readonly string[]) {
  for (const [routeMethod, pattern, run] of ROUTES) {
    const parts = pattern.split('/');
    if (routeMethod !== method || parts.length !== segments.length) continue;
    let id = '';
    const matches = parts.every((part, index) => {
      const segment = segments[index] as string;
      if (part === ':id') id = segment;
      return part === ':id' ? segment.length > 0 : part === segment;
    });
    if (matches) return { run, id };
  }
  return undefined;
}

/**
 * A lobby page with its ETag, or 304 Not Modified when the client already holds that very page
 * (`If-None-Match`): a crowd polling an unchanged lobby downloads and parses nothing. `no-cache`, not
 * `no-store`: a browser may keep the page, and must ask (with the ETag) before showing it again.
 */
function revalidated(event: APIGatewayProxyEventV2, body: unknown): HttpResult {
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

async function withUser(
  deps: HttpDeps,
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
async function withViewer(
  deps: HttpDeps,
  event: APIGatewayProxyEventV2,
  run: (viewer: string | null) => Promise<HttpResult>,
): Promise<HttpResult> {
  return bearerToken(event) === undefined ? run(null) : withUser(deps, event, run);
}

const bearerToken = (event: APIGatewayProxyEventV2): string | undefined =>
  /^Bearer\s+(.+)$/i.exec(headerValue(event.headers, 'authorization')?.trim() ?? '')?.[1];

/**
 * The development endpoints (`/api/dev/...`) come with the development sign-in, or not at all: where
 * anyone may sign in as any player, no secret of a match is kept from anyone anyway, and the debug
 * panel needs both. The composition root passes the sign-in locally only (DEV_SIGN_IN); on AWS none
 * of them exists.
 */
const developmentMode = (deps: HttpDeps): boolean => deps.devSignIn !== undefined;

async function devSignIn(deps: HttpDeps, event: APIGatewayProxyEventV2): Promise<HttpResult> {
  // Absent unless the composition root enables it: on AWS this route does not exist.
  if (deps.devSignIn === undefined) return httpError('unknown_action', 'no endpoint POST /api/dev/sign-in');
  const body = readBody(event, signInBodySchema);
  if (!body.ok) return body.error;
  return json(200, await deps.devSignIn(body.value.name));
}

/** The create's `Idempotency-Key`, when it sent one (protocol/lobby.ts). */
function idempotencyKeyOf(event: APIGatewayProxyEventV2): Parsed<string> | undefined {
  const raw = headerValue(event.headers, IDEMPOTENCY_KEY_HEADER);
  if (raw === undefined) return undefined;
  const parsed = idempotencyKeySchema.safeParse(raw.trim());
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, error: httpError('bad_args', `${IDEMPOTENCY_KEY_HEADER}: ${issueText(parsed.error)}`) };
}

type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: HttpResult };

function readBody<T>(event: APIGatewayProxyEventV2, schema: z.ZodType<T>): Parsed<T> {
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

function issueText(error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return 'invalid request';
  return issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ${issue.message}` : issue.message;
}
