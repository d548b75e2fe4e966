import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webAssetsWithBoards } from '../../src/cli/board-bundle.js';
import { connectGame, createLobbyClient } from '../../src/client/index.js';
import type { AnyGame } from '../../src/engine/index.js';
import { silentLogger } from '../../src/ports/index.js';
import { stateWhere } from '../client/support/events.js';
import { startTestServer, type TestServer } from '../client/support/server.js';
import { coinFlips } from './fixtures/coin-flips.js';
import { hasChromium, launchChromium } from './support/chromium.js';
import { signedInPage } from './support/ui.js';

const gamesModule = fileURLToPath(new URL('./fixtures/coin-flips.ts', import.meta.url));

/**
 * A developer's own game in the replay viewer: `turngate dev` bundles its games module into the page
 * (src/cli/board-bundle.ts), so a finished match is recomputed in the browser from its seed; a page
 * without those rules falls back to the server's views, which the server computes with the rules it serves.
 */
describe.skipIf(!hasChromium())('replaying a developer’s own game, in Chromium', () => {
  let browser: Browser;
  const servers: TestServer[] = [];
  beforeAll(async () => {
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await Promise.all(servers.map((server) => server.close()));
  });

  it.each([
    ['with its games module in the page', true, 'verified'],
    ['without its rules in the page', false, 'views'],
  ])(
    'replays a finished match %s',
    async (_case, withRules, verdict) => {
      const webAssets = await webAssetsWithBoards([], silentLogger, withRules ? gamesModule : undefined);
      const server = await startTestServer({ games: [coinFlips as AnyGame], webAssets });
      servers.push(server);
      const matchId = await playedToTheEnd(server);

      const watched = await signedInPage(browser, `${server.url}#/match/${matchId}/replay`, 'watcher');
      await watched.page.getByTestId('replay-controls').waitFor();
      await expect(watched.page.getByTestId('replay-verdict').getAttribute('data-verdict')).resolves.toBe(verdict);
      await watched.page.getByTestId('replay-last').click();
      await watched.page.getByTestId('replay-position').filter({ hasText: 'Step 4 of 4' }).waitFor();
      // Recomputed here, every seat's board is there; from the server's views, the watcher's (a spectator's).
      expect(await watched.page.getByTestId('replay-board').count()).toBe(withRules ? 2 : 1);
      expect(watched.errors).toEqual([]);
      await watched.context.close();
    },
    120_000,
  );
});

/** Two players flip in turn through the SDK until the match is over. */
async function playedToTheEnd(server: TestServer): Promise<string> {
  const lobby = createLobbyClient({ baseUrl: server.url.replace(/\/$/, '') });
  const [ann, ben] = await Promise.all([lobby.signIn('ann'), lobby.signIn('ben')]);
  const match = await lobby.withToken(ann.token).createMatch({ game: 'coin-flips', join: true });
  await lobby.withToken(ben.token).join(match.id);
  const clients = [ann, ben].map((who) =>
    connectGame<typeof coinFlips>({ url: server.webSocketUrl, matchId: match.id, token: who.token }),
  );
  for (let flip = 0; flip < 4; flip++) {
    const mover = clients[flip % 2];
    if (mover === undefined) throw new Error('no client');
    await stateWhere(
      mover,
      (state) => state.status === 'running' && state.currentPlayer === (flip % 2 ? 'ben' : 'ann'),
    );
    await mover.move.flip();
  }
  for (const client of clients) client.close();
  return match.id;
}
