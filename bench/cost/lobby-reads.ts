import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signToken } from '../../src/auth/jwt.js';
import { createLobbyClient } from '../../src/client/index.js';
import type { Logger } from '../../src/ports/index.js';
import type { MatchListQuery } from '../../src/protocol/index.js';
import { finishedMatch } from '../../test/support/finished-match.js';
import { countingAwsLocal } from '../servers/aws-local-counting.js';

/**
 * What one `GET /api/matches` costs DynamoDB on the aws-local wiring (the AWS adapters on dynalite):
 * the read units its requests consumed, counted by the cost counter's middleware on the wiring's own
 * SDK client. The lobby holds `each` matches of every status (waiting, running, finished, created in
 * that order so a page mixes them), then lists them as the web UI does (the newest page, every
 * status) and as a crowd looking for a game does (`status=waiting`).
 *
 * `npx tsx bench/cost/lobby-reads.ts [each]` prints the figures; test/bench/lobby-reads.test.ts runs
 * the same measurement and holds the listing to them. Read units are counts, not timings: the same
 * code on the same data gives the same figure on any machine.
 */
export interface LobbyReads {
  readonly matchesPerStatus: number;
  /** Read units per listing, and the DynamoDB requests it made, by query. */
  readonly listings: readonly {
    readonly query: string;
    readonly matches: number;
    readonly readUnits: number;
    readonly requests: Record<string, number>;
  }[];
}

const TOKEN = { secret: 'bench-only-secret-bench-only-secret-0123', issuer: 'turngate-local', audience: 'turngate' };
const silent: Logger = { info() {}, warn() {}, error() {} };
const QUERIES: readonly MatchListQuery[] = [{}, { status: 'waiting' }, { status: 'running' }, { status: 'finished' }];

export async function measureLobbyReads(each = 7): Promise<LobbyReads> {
  const { startLocalServer } = await import('../../src/local/server.js');
  const dataDir = mkdtempSync(join(tmpdir(), 'turngate-lobby-reads-'));
  const counting = countingAwsLocal('turngate-games');
  const server = await startLocalServer({
    port: 0,
    host: '127.0.0.1',
    wiring: 'aws-local',
    orderingMode: 'direct',
    dataDir,
    serveWeb: false,
    devSignIn: false,
    tokenSecret: TOKEN.secret,
    logger: silent,
    instrument: counting.instrument,
    onAwsClient: counting.onAwsClient,
  });
  try {
    const [ann, bob] = await Promise.all(
      ['ann', 'bob'].map(async (userId) => {
        const token = await signToken({ userId, ...TOKEN, expiresIn: '1h' });
        return { token, lobby: createLobbyClient({ baseUrl: server.url, token }) };
      }),
    );
    if (ann === undefined || bob === undefined) throw new Error('no players');
    for (let index = 0; index < each; index++) await finishedMatch(server.wsUrl, ann, bob);
    for (let index = 0; index < each; index++) {
      const match = await ann.lobby.createMatch({ game: 'tic-tac-toe', join: true });
      await bob.lobby.join(match.id);
    }
    for (let index = 0; index < each; index++) await ann.lobby.createMatch({ game: 'tic-tac-toe', join: true });

    const listings = [];
    for (const query of QUERIES) {
      counting.counter.reset();
      const page = await ann.lobby.matchPage(query);
      const usage = counting.counter.snapshot().byHandler.http;
      listings.push({
        query: new URLSearchParams(query as Record<string, string>).toString() || '(every status)',
        matches: page.matches.length,
        readUnits: usage?.readUnits ?? 0,
        requests: usage?.requests ?? {},
      });
    }
    return { matchesPerStatus: each, listings };
  } finally {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const each = Number(process.argv[2] ?? 7);
  const result = await measureLobbyReads(each);
  console.log(`lobby listing on aws-local (dynalite), ${result.matchesPerStatus} matches of each status:`);
  for (const listing of result.listings) {
    const requests = Object.entries(listing.requests)
      .map(([name, count]) => `${name} ${count}`)
      .join(', ');
    console.log(`  ${listing.query}: ${listing.matches} matches, ${listing.readUnits} RRU (${requests})`);
  }
}
