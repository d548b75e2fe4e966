import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { defineGame, invalid, type PlayerId } from '../../src/engine/index.js';
import { startTestServer, type TestServer } from '../client/support/server.js';
import { hasChromium, launchChromium } from './support/chromium.js';
import { createMatch, signedInPage, turnSays } from './support/ui.js';

/** A game the web UI has no board for, as a developer's own game served by `turngate dev` would be. */
const nim = defineGame({
  name: 'nim',
  players: { min: 2, max: 2 },
  setup: (): { pile: number; lastTaker: PlayerId | null } => ({ pile: 5, lastTaker: null }),
  moves: {
    take: {
      args: z.object({ count: z.number().int().min(1).max(3) }),
      apply: (state, { count }, ctx) =>
        count > state.pile
          ? invalid(`only ${state.pile} left`)
          : { pile: state.pile - count, lastTaker: ctx.currentPlayer },
    },
  },
  endIf: (state) => (state.pile === 0 && state.lastTaker !== null ? { winners: [state.lastTaker] } : undefined),
});

describe.skipIf(!hasChromium())('the generic board in Chromium', () => {
  let browser: Browser;
  let server: TestServer;

  beforeAll(async () => {
    [browser, server] = await Promise.all([launchChromium(), startTestServer({ games: [nim] })]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the view as a tree and plays moves from forms built from their schemas', async () => {
    const alice = await signedInPage(browser, server.url, 'alice');
    const matchId = await createMatch(alice, 'nim');
    const bob = await signedInPage(browser, `${server.url}#/match/${matchId}`, 'bob');
    await bob.page.getByTestId('join-match').click();
    await turnSays(alice, 'Your turn.');

    const pile = (page: typeof alice.page) => page.locator('[data-testid="view-tree"] li[data-key="pile"] code');
    expect(await pile(alice.page).textContent()).toBe('5');
    // The form follows the schema: a number input bounded 1..3.
    const count = alice.page.getByTestId('move-take-count');
    expect(await count.getAttribute('min')).toBe('1');
    expect(await count.getAttribute('max')).toBe('3');

    await count.fill('3');
    await alice.page.getByTestId('move-take').click();
    await pile(bob.page).filter({ hasText: '2' }).waitFor();
    await turnSays(bob, 'Your turn.');

    // The server's refusal is shown as for any board.
    await bob.page.getByTestId('move-take-count').fill('3');
    await bob.page.getByTestId('move-take').click();
    await bob.page.getByTestId('error-message').filter({ hasText: 'only 2 left' }).waitFor();

    await bob.page.getByTestId('move-take-count').fill('2');
    await bob.page.getByTestId('move-take').click();
    await turnSays(bob, 'You won!');
    await turnSays(alice, 'bob won.');
  });
});
