import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ticTacToe } from '../../games/tic-tac-toe.js';
import { createMatch } from '../../src/engine/index.js';
import { poolOf } from '../../src/handlers/matchmaking.js';
import { type LocalServer, type LocalServerOptions, startLocalServer } from '../../src/local/server.js';
import { silentLogger } from '../../src/ports/index.js';
import { type MatchSummary, QUICK_MATCH_QUEUE_LIMIT } from '../../src/protocol/index.js';
import { api, signIn } from './local-client.js';

const common: LocalServerOptions = { port: 0, serveWeb: false, logger: silentLogger, orderingMode: 'direct' };
const wirings: Record<string, LocalServerOptions> = {
  embedded: { ...common, database: ':memory:' },
  'aws-local': { ...common, wiring: 'aws-local', tokenSecret: 'x'.repeat(32) },
};

interface Answer {
  readonly match: MatchSummary;
  readonly started: boolean;
}

/**
 * Quick match under the heaviest concurrency a client can make: every player asks at the same
 * moment. Whatever the interleaving, every table is exactly full and started, and nobody is left
 * waiting, on both wirings (SQLite, and the DynamoDB adapters on dynalite).
 */
describe.each(Object.keys(wirings))('quick match on the %s wiring', (wiring) => {
  let server: LocalServer;
  beforeAll(async () => {
    server = await startLocalServer(wirings[wiring] as LocalServerOptions);
  });
  afterAll(() => server?.close());

  const everyoneAtOnce = async (names: readonly string[], body: Record<string, unknown>) => {
    const tokens = await Promise.all(names.map((name) => signIn(server.url, name)));
    return Promise.all(
      tokens.map(async (token) => {
        const { status, body: answer } = await api<Answer>(server.url, '/api/matchmaking', { token, body });
        expect(status).toBe(200);
        return answer;
      }),
    );
  };

  /** The matches the answers name, as stored now. */
  const storedMatches = async (answers: readonly Answer[]) => {
    const ids = [...new Set(answers.map((answer) => answer.match.id))];
    return Promise.all(
      ids.map(async (id) => (await api<{ match: MatchSummary }>(server.url, `/api/matches/${id}`)).body.match),
    );
  };

  it('seats 200 players asking at once for a two-player game at exactly 100 running tables', async () => {
    const names = Array.from({ length: 200 }, (_, index) => `duel-${index}`);
    const answers = await everyoneAtOnce(names, { game: 'tic-tac-toe' });
    const matches = await storedMatches(answers);
    expect(matches).toHaveLength(100);
    for (const match of matches) expect(match).toMatchObject({ status: 'running', seats: 2 });
    expect(matches.flatMap((match) => match.players).sort()).toEqual([...names].sort());
    // Each player's answer names the match they sit in.
    for (const [index, answer] of answers.entries()) expect(answer.match.players).toContain(names[index]);
    const waiting = await api<{ matches: MatchSummary[] }>(server.url, '/api/matches?game=tic-tac-toe&status=waiting');
    expect(waiting.body.matches).toEqual([]);
  }, 120_000);

  it("seats 30 players asking at once for three-player Liar's Dice at exactly 10 running tables", async () => {
    const names = Array.from({ length: 30 }, (_, index) => `trio-${index}`);
    const answers = await everyoneAtOnce(names, { game: 'liars-dice', seats: 3 });
    const matches = await storedMatches(answers);
    expect(matches).toHaveLength(10);
    for (const match of matches) expect(match).toMatchObject({ status: 'running', seats: 3 });
    expect(matches.flatMap((match) => match.players).sort()).toEqual([...names].sort());
    const waiting = await api<{ matches: MatchSummary[] }>(server.url, '/api/matches?game=liars-dice&status=waiting');
    expect(waiting.body.matches).toEqual([]);
  }, 120_000);

  it('keeps an odd player waiting in the one open match, which the next compatible player fills', async () => {
    const [first] = await everyoneAtOnce(['odd-1'], { game: 'tic-tac-toe', timeControl: { turnMs: 30_000 } });
    expect(first).toMatchObject({ started: false, match: { status: 'waiting', players: ['odd-1'] } });
    // Asking again changes nothing; another time control is another pool.
    const [again] = await everyoneAtOnce(['odd-1'], { game: 'tic-tac-toe', timeControl: { turnMs: 30_000 } });
    expect(again?.match.id).toBe(first?.match.id);
    const [other] = await everyoneAtOnce(['odd-2'], { game: 'tic-tac-toe', timeControl: { turnMs: 60_000 } });
    expect(other?.match.id).not.toBe(first?.match.id);
    const [second] = await everyoneAtOnce(['odd-3'], { game: 'tic-tac-toe', timeControl: { turnMs: 30_000 } });
    expect(second).toMatchObject({ started: true, match: { id: first?.match.id, players: ['odd-1', 'odd-3'] } });
  });

  it('seats a player whose request died after the queue took them, and heals the front table', async () => {
    const timeControl = { turnMs: 45_000 };
    const template = createMatch(ticTacToe, { seed: '', timeControl });
    if (!template.ok) throw new Error('no template');
    const pool = poolOf(template.value);
    const [first] = await everyoneAtOnce(['heal-1'], { game: 'tic-tac-toe', timeControl });
    // The second player of that table is queued, and then their request dies before seating anyone.
    const pools = server.wiring.deps.pools;
    if (pools === undefined) throw new Error('no pools');
    await pools.enqueue(pool, 'heal-ghost', QUICK_MATCH_QUEUE_LIMIT, Date.now());
    const stalled = await api<{ match: MatchSummary }>(server.url, `/api/matches/${first?.match.id}`);
    expect(stalled.body.match).toMatchObject({ status: 'waiting', players: ['heal-1'] });
    // The next player's table is the next one; on the way they complete the front table.
    const [third] = await everyoneAtOnce(['heal-3'], { game: 'tic-tac-toe', timeControl });
    expect(third).toMatchObject({ started: false, match: { players: ['heal-3'] } });
    const healed = await api<{ match: MatchSummary }>(server.url, `/api/matches/${first?.match.id}`);
    expect(healed.body.match).toMatchObject({ status: 'running', players: ['heal-1', 'heal-ghost'] });
    // The player whose request died finds the match in their inbox.
    const token = await signIn(server.url, 'heal-ghost');
    const inbox = await api<{ matches: MatchSummary[] }>(server.url, '/api/me/matches', { token });
    expect(inbox.body.matches.map((match) => [match.id, match.status])).toEqual([[first?.match.id, 'running']]);
  });

  it("fills a pool's queue to its limit, then drains a front of dead requests to make room", async () => {
    const timeControl = { turnMs: 50_000 };
    const template = createMatch(ticTacToe, { seed: '', timeControl });
    if (!template.ok) throw new Error('no template');
    const pool = poolOf(template.value);
    const pools = server.wiring.deps.pools;
    if (pools === undefined) throw new Error('no pools');
    // Players whose requests all died after the queue took them, so nothing seated or trimmed them.
    for (let index = 0; index < QUICK_MATCH_QUEUE_LIMIT; index++) {
      await pools.enqueue(pool, `queued-${index}`, QUICK_MATCH_QUEUE_LIMIT, Date.now());
    }
    // A request finding the queue full first seats and trims the front table; then there is room.
    const token = await signIn(server.url, 'one-too-many');
    const asked = () => api(server.url, '/api/matchmaking', { token, body: { game: 'tic-tac-toe', timeControl } });
    expect(await asked()).toMatchObject({ status: 200, body: { started: false } });
    const front = await api<{ matches: MatchSummary[] }>(server.url, '/api/me/matches', {
      token: await signIn(server.url, 'queued-0'),
    });
    expect(front.body.matches).toMatchObject([{ status: 'running', players: ['queued-0', 'queued-1'] }]);
    // The next newcomer sits with the first one, and on the way seats the next table of the dead front.
    // (A queue that stays full even after its front is trimmed refuses with match_full: see the store contract.)
    const other = await signIn(server.url, 'one-more');
    const next = await api(server.url, '/api/matchmaking', {
      token: other,
      body: { game: 'tic-tac-toe', timeControl },
    });
    expect(next).toMatchObject({ status: 200, body: { started: true } });
  }, 120_000);

  it('cancels a waiting table its player left, never seats the leaver again, and seats the others anew', async () => {
    const body = { game: 'liars-dice', seats: 3, timeControl: { turnMs: 40_000 } };
    const [first] = await everyoneAtOnce(['leave-1'], body);
    const [second] = await everyoneAtOnce(['leave-2'], body);
    expect(second?.match).toMatchObject({ id: first?.match.id, status: 'waiting', players: ['leave-1', 'leave-2'] });
    const leaver = await signIn(server.url, 'leave-1');
    const left = await api<{ match: MatchSummary }>(server.url, `/api/matches/${first?.match.id}/leave`, {
      token: leaver,
      body: {},
    });
    expect(left.status).toBe(200);
    // The queue chose that table's players: a freed seat would be filled with the leaver again.
    const table = await api<{ match: MatchSummary }>(server.url, `/api/matches/${first?.match.id}`);
    expect(table.body.match).toMatchObject({ status: 'finished', players: ['leave-2'], result: { abandoned: true } });
    // The next player gets a table of their own; the one who stayed asks again and sits with them.
    const [third] = await everyoneAtOnce(['leave-3'], body);
    expect(third?.match).toMatchObject({ status: 'waiting', players: ['leave-3'] });
    const [again] = await everyoneAtOnce(['leave-2'], body);
    expect(again?.match).toMatchObject({ id: third?.match.id, players: ['leave-3', 'leave-2'] });
    const inbox = await api<{ matches: MatchSummary[] }>(server.url, '/api/me/matches', { token: leaver });
    expect(inbox.body.matches.filter((match) => match.status !== 'finished')).toEqual([]);
  });

  it('refuses a game it does not serve and a table size the game does not allow', async () => {
    const token = await signIn(server.url, 'picky');
    const unknown = await api(server.url, '/api/matchmaking', { token, body: { game: 'chess' } });
    expect(unknown).toMatchObject({ status: 400, body: { error: { code: 'bad_args' } } });
    const tooMany = await api(server.url, '/api/matchmaking', { token, body: { game: 'tic-tac-toe', seats: 3 } });
    expect(tooMany).toMatchObject({ status: 400, body: { error: { code: 'bad_args' } } });
    const anonymous = await api(server.url, '/api/matchmaking', { body: { game: 'tic-tac-toe' } });
    expect(anonymous.status).toBe(401);
  });
});
