import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import {
  createMatchBodySchema,
  devStateQuerySchema,
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
import { listGames } from './game-list.js';
import {
  type HttpResult,
  httpError,
  idempotencyKeyOf,
  issueText,
  json,
  readBody,
  revalidated,
  withUser,
  withViewer,
} from './http-request.js';
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

type HttpDeps = LeaveDeps & Pick<HandlerDeps, 'tokens' | 'devSignIn'>;

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
