import * as z from 'zod';
import {
  type CreatedMatch,
  createdMatchSchema,
  DEV_STATE_PATH,
  type DevState,
  type DevStateQuery,
  devStateSchema,
  errorCodeForStatus,
  IDEMPOTENCY_KEY_HEADER,
  isErrorCode,
  joinReplayPages,
  type LeaderboardPage,
  type LeaderboardQuery,
  leaderboardSchema,
  type MeAnswer,
  type MoveLogPage,
  type MoveLogQuery,
  meAnswerSchema,
  type QuickMatchAnswer,
  type QuickMatchRequest,
  quickMatchAnswerSchema,
  type ReplayExport,
  type ReplayPage,
  rematchAnswerSchema,
  replayPageSchema,
} from '../protocol/index.js';
import { type BackoffOptions, createBackoff } from './backoff.js';
import { TurngateError } from './errors.js';
import {
  type CreateMatchRequest,
  errorBodySchema,
  type GameInfo,
  gameListSchema,
  type LeaveAnswer,
  leaveAnswerSchema,
  type MatchDetails,
  type MatchListQuery,
  type MatchPage,
  type MatchSummary,
  type MyMatchesQuery,
  matchAnswerSchema,
  matchDetailsSchema,
  matchListSchema,
  moveLogSchema,
  myMatchesSchema,
  type PlayerMatch,
  type SignedIn,
  signedInSchema,
} from './lobby-schemas.js';
import { newMoveId } from './move-id.js';

/** Which page of a replay: steps after version `after` (0: from the start), at most `limit`. */
export interface ReplayRequest {
  readonly after?: number;
  readonly limit?: number;
  readonly views?: boolean;
}

export interface LobbyClientOptions {
  /** The HTTP API's base: `http://127.0.0.1:8787` locally, the lobby API's URL on AWS. */
  readonly baseUrl: string;
  /** Sent as `Authorization: Bearer …` on calls that need a signed-in user. */
  readonly token?: string;
  /** Defaults to the global fetch (browsers, Node 20). */
  readonly fetch?: typeof fetch;
  /**
   * How `createMatch` retries a request whose answer never came (a network failure, a 5xx, API
   * Gateway's 429): `attempts` in all (3 unless given), waiting with jittered backoff in between.
   * Safe because every attempt carries the same `Idempotency-Key`: a repeat answers the first match.
   */
  readonly retry?: BackoffOptions & { readonly attempts?: number };
}

export interface CreateMatchOptions {
  /** The request's `Idempotency-Key`; a fresh one unless given. Pass your own to retry across reloads. */
  readonly idempotencyKey?: string;
}

/** Pages of the lobby this client remembers with their ETag, so an unchanged page costs a 304. */
const REMEMBERED_PAGES = 16;

/**
 * The game names a lobby client takes, from what it knows of the games: `typeof games` (the games
 * module's array, or one game) gives their `name`s, a union of names is itself, and `unknown` (the
 * default) takes any name. A game's `name` type is what `defineGame` gives it: a literal once the
 * engine keeps the literal, `string` until then.
 */
export type GameNameOf<Games> = unknown extends Games
  ? string
  : Games extends string
    ? Games
    : Games extends readonly (infer G)[]
      ? NameOf<G>
      : NameOf<Games>;

type NameOf<G> = G extends { readonly name: infer N extends string } ? N : string;

/** `createMatch`'s request, its `game` one of the games the client knows. */
export type CreateMatchOf<Games> = Omit<CreateMatchRequest, 'game'> & { readonly game: GameNameOf<Games> };

/** `matches`' query, its `game` one of the games the client knows. */
export type MatchListQueryOf<Games> = Omit<MatchListQuery, 'game'> & { readonly game?: GameNameOf<Games> };

/**
 * Typed helpers for the lobby's HTTP API. Every answer is validated, so a server that drifts from
 * the contract fails here with a clear error rather than deep inside a UI; every failure is a
 * TurngateError whose `code` comes from the protocol's table.
 */
export class LobbyClient<Games = unknown> {
  readonly #baseUrl: string;
  readonly #token: string | undefined;
  readonly #fetch: typeof fetch;
  readonly #retry: LobbyClientOptions['retry'];
  /** Lobby pages by path, with the ETag they came with: most recently used last. */
  readonly #pages = new Map<string, { readonly etag: string; readonly page: MatchPage }>();

  constructor(options: LobbyClientOptions) {
    this.#baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.#token = options.token;
    this.#fetch = options.fetch ?? ((input, init) => fetch(input, init));
    this.#retry = options.retry;
  }

  /** The same API as another user: the lobby client for a token (from `signIn`, say). */
  withToken(token: string): LobbyClient<Games> {
    return new LobbyClient<Games>({
      baseUrl: this.#baseUrl,
      token,
      fetch: this.#fetch,
      ...(this.#retry ? { retry: this.#retry } : {}),
    });
  }

  /** Development only: a token for any name. The local runtime enables it; AWS deployments do not. */
  signIn(name: string): Promise<SignedIn> {
    return this.#call('POST', '/api/dev/sign-in', signedInSchema, { name });
  }

  /**
   * Development only, like `signIn`: the match's true state and every seat's view, now or right after
   * the step that produced version `at` (0: as it started), and the log after `after` with every arg
   * whole. What the web UI's debug panel shows; a deployment answers `unknown_action`.
   */
  devState(matchId: string, query: DevStateQuery = {}): Promise<DevState> {
    const search = new URLSearchParams();
    if (query.at !== undefined) search.set('at', String(query.at));
    if (query.after !== undefined) search.set('after', String(query.after));
    const suffix = search.size > 0 ? `?${search}` : '';
    return this.#call('GET', `${DEV_STATE_PATH(matchId)}${suffix}`, devStateSchema);
  }

  async games(): Promise<readonly GameInfo[]> {
    return (await this.#call('GET', '/api/games', gameListSchema)).games;
  }

  /** The newest matches (one page: at most `limit`, 20 by default); `matchPage` reads further. */
  async matches(query: MatchListQueryOf<Games> = {}): Promise<readonly MatchSummary[]> {
    return (await this.matchPage(query)).matches;
  }

  /**
   * A page of matches, newest first, and the `next` cursor: pass it back as `cursor` for the page
   * after, until it is null. Pages stay put while new matches are created above them.
   */
  matchPage(query: MatchListQueryOf<Games> = {}): Promise<MatchPage> {
    const params = new URLSearchParams();
    if (query.game !== undefined) params.set('game', query.game);
    if (query.status !== undefined) params.set('status', query.status);
    if (query.limit !== undefined) params.set('limit', String(query.limit));
    if (query.cursor !== undefined) params.set('cursor', query.cursor);
    const search = params.toString();
    return this.#page(search ? `/api/matches?${search}` : '/api/matches');
  }

  /**
   * A lobby page, revalidated: the page this client last got for the same path is sent back as its
   * ETag (`If-None-Match`), and a 304 answers it again without a body to download or parse.
   */
  async #page(path: string): Promise<MatchPage> {
    const known = this.#pages.get(path);
    const { response, json } = await this.#send('GET', path, undefined, known ? { 'if-none-match': known.etag } : {});
    const page =
      response.status === 304 && known ? known.page : this.#parse(matchListSchema, 'GET', path, response, json);
    const etag = response.headers.get('etag');
    this.#pages.delete(path);
    if (etag !== null) this.#pages.set(path, { etag, page });
    if (this.#pages.size > REMEMBERED_PAGES) this.#pages.delete(this.#pages.keys().next().value as string);
    return page;
  }

  /**
   * Creates a match; `join: true` seats the signed-in user in it too, in the same request. Carries an
   * `Idempotency-Key` and retries a request whose answer was lost with the same key, so a flaky
   * network never makes two matches (LobbyClientOptions `retry`).
   */
  async createMatch(request: CreateMatchOf<Games>, options: CreateMatchOptions = {}): Promise<MatchSummary> {
    return (await this.#create(request, options)).match;
  }

  /**
   * Creates an unlisted match (never in `matches()`), with the signed-in user seated unless `join`
   * is false; the answer's `invite` code is what lets others join (`join(id, { invite })`). Carries
   * an `Idempotency-Key` and retries a lost answer with it, as `createMatch` does.
   */
  async createPrivateMatch(
    request: Omit<CreateMatchRequest, 'unlisted'>,
    options: CreateMatchOptions = {},
  ): Promise<CreatedMatch & { invite: string }> {
    const created = await this.#create({ join: true, ...request, unlisted: true }, options);
    if (created.invite === undefined) throw new TurngateError('network', 'the server made the match without an invite');
    return { ...created, invite: created.invite };
  }

  /** `POST /api/matches` with an `Idempotency-Key`, retried with the same key while its answer is lost. */
  async #create(request: CreateMatchRequest, options: CreateMatchOptions): Promise<CreatedMatch> {
    const headers = { [IDEMPOTENCY_KEY_HEADER]: options.idempotencyKey ?? newMoveId() };
    const attempts = Math.max(1, this.#retry?.attempts ?? 3);
    const backoff = createBackoff({ initialMs: 250, maxMs: 2_000, ...this.#retry });
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#call('POST', '/api/matches', createdMatchSchema, request, headers);
      } catch (error) {
        if (attempt >= attempts || !answerWasLost(error)) throw error;
        await new Promise((resolve) => setTimeout(resolve, backoff.next()));
      }
    }
  }

  /**
   * Seats the signed-in user; joining a seat you hold changes nothing, and a full table starts the
   * match. An unlisted match needs its `invite` code (`bad_invite` without the right one).
   */
  async join(matchId: string, options: { readonly invite?: string } = {}): Promise<MatchSummary> {
    return (await this.#call('POST', `${matchPath(matchId)}/join`, matchAnswerSchema, { ...options })).match;
  }

  /**
   * Quick match: a seat in the oldest open match of this game, seat count and time control, or a new
   * one. `started` says whether the table is full; if not, connect and the start arrives as a `state`.
   */
  quickMatch(request: QuickMatchRequest): Promise<QuickMatchAnswer> {
    return this.#call('POST', '/api/matchmaking', quickMatchAnswerSchema, request);
  }

  /** The rematch of a finished match you played: made once however many players ask, already running. */
  async rematch(matchId: string): Promise<MatchSummary> {
    return (await this.#call('POST', `${matchPath(matchId)}/rematch`, rematchAnswerSchema, {})).match;
  }

  /** A page of a game's leaderboard, highest rating first; pass `next` back as `cursor` for the following page. */
  leaderboard(query: LeaderboardQuery): Promise<LeaderboardPage> {
    const params = new URLSearchParams({ game: query.game });
    if (query.limit !== undefined) params.set('limit', String(query.limit));
    if (query.cursor !== undefined) params.set('cursor', query.cursor);
    return this.#call('GET', `/api/leaderboard?${params}`, leaderboardSchema);
  }

  /** Starts the match with the players seated so far (the caller must be seated). */
  async start(matchId: string): Promise<MatchSummary> {
    return (await this.#call('POST', `${matchPath(matchId)}/start`, matchAnswerSchema, {})).match;
  }

  /**
   * Leaves the match: a waiting match frees your seat; in a running one you are out from this step on
   * (by default you lose; with one player left, they win). Leaving twice changes nothing. `queued`:
   * the leave waits its turn in the match's order (the new state arrives over the match's socket).
   */
  leave(matchId: string): Promise<LeaveAnswer> {
    return this.#call('POST', `${matchPath(matchId)}/leave`, leaveAnswerSchema, {});
  }

  /**
   * Who this client's token says it is, and their rating in every game they played a rated match
   * of; rejects with `unauthorized` once the token has expired.
   */
  async me(): Promise<MeAnswer> {
    return this.#call('GET', '/api/me', meAnswerSchema);
  }

  /**
   * The signed-in user's matches across games, their turn first (soonest deadline first), then
   * running, waiting and finished: an inbox. Each says whether it is `yourTurn` and, for a match
   * with a clock, the turn's `deadline`.
   */
  async myMatches(query: MyMatchesQuery = {}): Promise<readonly PlayerMatch[]> {
    const suffix = query.limit === undefined ? '' : `?limit=${encodeURIComponent(String(query.limit))}`;
    return (await this.#call('GET', `/api/me/matches${suffix}`, myMatchesSchema)).matches;
  }

  /** The match's summary and its public (spectator) view. */
  match(matchId: string): Promise<MatchDetails> {
    return this.#call('GET', matchPath(matchId), matchDetailsSchema);
  }

  /**
   * A page of applied moves, oldest first: who, what, when. `after` a version (0: from the start),
   * at most `limit` (≤ 100) entries; the page's `next` is the `after` of the next page, or null.
   * With a token you see your own moves whole; other players' secret args come `hidden`.
   */
  moveLog(matchId: string, query: MoveLogQuery = {}): Promise<MoveLogPage> {
    const search = new URLSearchParams();
    if (query.after !== undefined) search.set('after', String(query.after));
    if (query.limit !== undefined) search.set('limit', String(query.limit));
    const suffix = search.size > 0 ? `?${search}` : '';
    return this.#call('GET', `${matchPath(matchId)}/log${suffix}`, moveLogSchema);
  }

  /**
   * A page of the match's replay (README "Replay"), oldest step first: after version `after`, at most
   * `limit` (≤ 1,000) steps. A finished match whose game publishes its seed comes in full (seed, every
   * step, fingerprints); anything else with your own view after each step (`views: true` asks for
   * those in a full replay too). With a token you replay as your seat; without, as a spectator.
   */
  replay(matchId: string, query: ReplayRequest = {}): Promise<ReplayPage> {
    const search = new URLSearchParams();
    if (query.after !== undefined) search.set('after', String(query.after));
    if (query.limit !== undefined) search.set('limit', String(query.limit));
    if (query.views !== undefined) search.set('views', String(query.views));
    const suffix = search.size > 0 ? `?${search}` : '';
    return this.#call('GET', `${matchPath(matchId)}/replay${suffix}`, replayPageSchema);
  }

  /** Every page of a replay, put together: the export `turngate replay <file>` checks, once saved as JSON. */
  async replayExport(matchId: string, query: Pick<ReplayRequest, 'views'> = {}): Promise<ReplayExport> {
    const pages = [await this.replay(matchId, query)];
    for (let next = pages[0]?.next; next !== null && next !== undefined; next = pages.at(-1)?.next) {
      pages.push(await this.replay(matchId, { ...query, after: next }));
    }
    return joinReplayPages(pages);
  }

  async #call<T>(
    method: 'GET' | 'POST',
    path: string,
    schema: z.ZodType<T>,
    body?: unknown,
    extra: Headers = {},
  ): Promise<T> {
    const { response, json } = await this.#send(method, path, body, extra);
    return this.#parse(schema, method, path, response, json);
  }

  async #send(
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    extra: Headers,
  ): Promise<{ readonly response: Response; readonly json: unknown }> {
    const headers: Record<string, string> = { accept: 'application/json', ...extra };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.#token !== undefined) headers.authorization = `Bearer ${this.#token}`;
    let response: Response;
    try {
      response = await this.#fetch(`${this.#baseUrl}${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (cause) {
      throw new TurngateError('network', undefined, { cause });
    }
    return { response, json: response.status === 304 ? undefined : await readJson(response) };
  }

  /** A 2xx answer validated by its schema; anything else is the TurngateError its body or status names. */
  #parse<T>(schema: z.ZodType<T>, method: string, path: string, response: Response, json: unknown): T {
    if (!response.ok) throw httpError(response.status, json);
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      throw new TurngateError('network', `unexpected answer from ${method} ${path}`, {
        status: response.status,
        cause: parsed.error,
      });
    }
    return parsed.data;
  }
}

type Headers = Readonly<Record<string, string>>;

/** No answer, or one that says the server did not get to finish: the create may or may not have happened. */
const answerWasLost = (error: unknown): boolean =>
  error instanceof TurngateError &&
  (error.status === undefined ? error.code === 'network' : error.status >= 500 || error.status === 429);

const matchPath = (matchId: string): string => `/api/matches/${encodeURIComponent(matchId)}`;

async function readJson(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    return undefined;
  }
}

function httpError(status: number, body: unknown): TurngateError {
  const parsed = errorBodySchema.safeParse(body);
  if (parsed.success && isErrorCode(parsed.data.error.code)) {
    return new TurngateError(parsed.data.error.code, parsed.data.error.message, { status });
  }
  const code = errorCodeForStatus(status) ?? (status >= 500 ? 'internal' : 'network');
  return new TurngateError(code, undefined, { status });
}

/**
 * A lobby client. Name the games it may ask for to have a misspelled game name refused by the
 * compiler: `createLobbyClient<typeof games>({ baseUrl })`, or `createLobbyClient<'nim' | 'chess'>(…)`.
 */
export const createLobbyClient = <Games = unknown>(options: LobbyClientOptions): LobbyClient<Games> =>
  new LobbyClient<Games>(options);
