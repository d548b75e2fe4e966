import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../../src/auth/index.js';
import { DEBUG_PANEL_SCRIPT } from '../../src/protocol/index.js';
import { startTestServer, type TestServer } from '../client/support/server.js';
import { hasChromium, launchChromium, openPage, type WatchedPage } from './support/chromium.js';
import { connectFourModuleFromTheDocs } from './support/doc-game.js';
import { startTurngateDev, type TurngateDev } from './support/turngate-dev.js';
import { createMatch, signedInPage } from './support/ui.js';

const LAPTOP = { width: 1280, height: 900 };

/** Ann drops in column 0 four times, Bob in column 1 three times between: Ann's seventh disc wins. */
const MOVES = [
  ['ann', 0],
  ['bob', 1],
  ['ann', 0],
  ['bob', 1],
  ['ann', 0],
  ['bob', 1],
  ['ann', 0],
] as const;

/** The panel's true state, parsed from what it shows. */
async function fullState(watched: WatchedPage): Promise<{ columns: string[][]; winner: string | null }> {
  return JSON.parse((await watched.page.getByTestId('debug-full-state').textContent()) ?? 'null');
}

/** Waits until the panel shows the position `label` says ("Step 4 of 7", "Live, after step 7"). */
async function positionSays(watched: WatchedPage, label: string): Promise<void> {
  await watched.page.getByTestId('debug-position').filter({ hasText: label }).waitFor();
}

/** Waits until the panel plays as `player`, its embedded match page live. */
async function playingAs(watched: WatchedPage, player: string): Promise<void> {
  const { page } = watched;
  await page.locator(`[data-testid="debug-seat"][data-player="${player}"][aria-pressed="true"]`).waitFor();
  await page.getByTestId('debug-live').getByTestId('connection-status').filter({ hasText: 'Live' }).waitFor();
}

/**
 * Drops a disc with the embedded generic board's legal choice for that column (README "Legal moves"),
 * and waits until the panel's log has `steps` steps.
 */
async function drop(watched: WatchedPage, column: number, steps: number): Promise<void> {
  const live = watched.page.getByTestId('debug-live');
  await live.locator(`[data-testid="legal-drop-choice"][data-args='${JSON.stringify({ column })}']`).click();
  await watched.page.getByTestId('debug-log-step').nth(steps).waitFor();
}

/**
 * The debug panel of `turngate dev` (README "Web UI"): one tab plays a whole two-player match of the
 * docs' Connect Four, switching seats by hand and then by hot seat, steps back three moves and
 * forward again with the true state beside each player's view, and resets the match.
 */
describe.skipIf(!hasChromium())('the debug panel in Chromium', () => {
  let browser: Browser;
  let dev: TurngateDev;

  beforeAll(async () => {
    [browser, dev] = await Promise.all([launchChromium(), startTurngateDev(connectFourModuleFromTheDocs())]);
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await dev?.close();
  });

  it('plays every seat of a match from one tab, steps back and forth, and shows the whole state', async () => {
    const ann = await signedInPage(browser, dev.url, 'ann', LAPTOP);
    const { page } = ann;
    const matchId = await createMatch(ann, 'connect-four');
    await page.getByTestId('debug-link').click();
    await page.waitForURL(/\/debug$/);

    // Bob takes the second seat from the panel: the table is full and the match starts, Ann to play.
    await page.getByTestId('debug-seat-name').fill('bob');
    await page.getByTestId('debug-seat-player').click();
    await page.locator('[data-testid="debug-seat"][data-player="bob"]').waitFor();
    await playingAs(ann, 'ann');
    await page.getByTestId('debug-live').getByTestId('turn-status').filter({ hasText: 'Your turn.' }).waitFor();

    // The first two moves by switching seats by hand, the rest with hot seat following the turn.
    for (const [index, [player, column]] of MOVES.entries()) {
      if (index === 2) await page.getByTestId('debug-hot-seat').check();
      if (index < 2) await page.locator(`[data-testid="debug-seat"][data-player="${player}"]`).click();
      await playingAs(ann, player);
      await drop(ann, column, index + 1);
    }
    await positionSays(ann, 'Live, after step 7');
    await page.getByTestId('debug-live').getByTestId('turn-status').filter({ hasText: 'You won!' }).waitFor();
    const end = await fullState(ann);
    expect(end.winner).toBe('ann');
    expect(end.columns.slice(0, 2)).toEqual([
      ['ann', 'ann', 'ann', 'ann'],
      ['bob', 'bob', 'bob'],
    ]);

    // Three steps back: the board and the state as they were after step 4, nothing undone.
    for (let step = 0; step < 3; step++) await page.getByTestId('debug-back').click();
    await positionSays(ann, 'Step 4 of 7');
    await page.locator('[data-testid="debug-past"]:not([hidden])').waitFor();
    expect(await page.getByTestId('debug-live').isHidden()).toBe(true);
    await page.getByTestId('debug-state-caption').filter({ hasText: 'After step 4' }).waitFor();
    const past = await fullState(ann);
    expect(past).toEqual({ columns: [['ann', 'ann'], ['bob', 'bob'], [], [], [], [], []], winner: null });
    // The board drawn for that position: the seat's own generic board with four discs.
    expect(await page.getByTestId('debug-past').locator('[data-testid="view-grid"] td [data-player]').count()).toBe(4);

    // Every seat's view beside the true state (Connect Four hides nothing, so each is the state).
    const views = page.getByTestId('debug-view');
    expect(await views.evaluateAll((figures) => figures.map((figure) => figure.getAttribute('data-player')))).toEqual(
      expect.arrayContaining(['ann', 'bob', '']),
    );
    expect(JSON.parse((await views.first().locator('pre').textContent()) ?? 'null')).toEqual(past);

    // And forward again to now: the live match page, and the final state.
    for (let step = 0; step < 3; step++) await page.getByTestId('debug-forward').click();
    await positionSays(ann, 'Live, after step 7');
    await page.getByTestId('debug-state-caption').filter({ hasText: 'Now' }).waitFor();
    await page.locator('[data-testid="debug-live"]:not([hidden])').waitFor();
    expect((await fullState(ann)).winner).toBe('ann');

    // Reset: a new match with the same players in the same seats, already running, its log empty.
    await page.getByTestId('debug-reset').click();
    await page.waitForURL((url) => url.hash.endsWith('/debug') && !url.hash.includes(matchId));
    await positionSays(ann, 'Live, after step 0');
    await page
      .getByTestId('debug-standing')
      .filter({ hasText: /turn|Waiting/ })
      .waitFor();
    const seats = await page
      .getByTestId('debug-seat')
      .evaluateAll((buttons) => buttons.map((button) => button.getAttribute('data-player')));
    expect(seats).toEqual(['ann', 'bob']);
    expect((await fullState(ann)).columns.flat()).toEqual([]);
    expect(ann.errors).toEqual([]);
    await ann.context.close();
  }, 120_000);

  it('puts a bot in a seat: a new match where the bot answers each move, kept by Reset', async () => {
    const cleo = await signedInPage(browser, dev.url, 'cleo', LAPTOP);
    const { page } = cleo;
    const waiting = await createMatch(cleo, 'connect-four');
    await page.getByTestId('debug-link').click();
    await page.waitForURL(/\/debug$/);

    // The second seat, free in the waiting match, to the random bot: a new match that starts at once.
    await page.getByTestId('debug-bot-seat').selectOption({ label: 'Seat 2: free' });
    await page.getByTestId('debug-bot-name').selectOption('random');
    await page.getByTestId('debug-bot-start').click();
    await page.waitForURL((url) => url.hash.endsWith('/debug') && !url.hash.includes(waiting));
    const bot = page.locator('[data-testid="debug-seat"][data-bot="random"]');
    await bot.waitFor();
    expect(await bot.isDisabled()).toBe(true);
    await playingAs(cleo, 'cleo');

    // Cleo drops twice; the bot answers each time, so the log grows by two a move.
    await drop(cleo, 3, 2);
    await playingAs(cleo, 'cleo');
    await drop(cleo, 3, 4);
    await positionSays(cleo, 'Live, after step 4');
    expect((await fullState(cleo)).columns.flat()).toHaveLength(4);
    const botId = await bot.getAttribute('data-player');
    expect((await fullState(cleo)).columns.flat().filter((disc) => disc === botId)).toHaveLength(2);

    // One step back shows the position before the bot's second answer.
    await page.getByTestId('debug-back').click();
    await positionSays(cleo, 'Step 3 of 4');
    await page.getByTestId('debug-state-caption').filter({ hasText: 'After step 3' }).waitFor();
    expect((await fullState(cleo)).columns.flat()).toHaveLength(3);

    // Reset keeps the bot in its seat.
    const withBot = page.url();
    await page.getByTestId('debug-reset').click();
    await page.waitForURL((url) => url.href !== withBot && url.hash.endsWith('/debug'));
    await positionSays(cleo, 'Live, after step 0');
    await page.locator('[data-testid="debug-seat"][data-bot="random"]').waitFor();
    expect(cleo.errors).toEqual([]);
    await cleo.context.close();
  }, 120_000);
});

/**
 * A deployment's UI: /config.json without development mode (here the local runtime with its
 * development sign-in off, as an HS256 stack on AWS is). No panel, no link to one, no script for it
 * and no development endpoint.
 */
describe.skipIf(!hasChromium())('the UI without development mode', () => {
  const SECRET = 'debug-panel-test-secret-of-enough-bytes';
  let browser: Browser;
  let server: TestServer;

  beforeAll(async () => {
    [browser, server] = await Promise.all([
      launchChromium(),
      startTestServer({ tokenSecret: SECRET, devSignIn: false }),
    ]);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('has no debug panel', async () => {
    const config = await (await fetch(new URL('/config.json', server.url))).json();
    expect(config).not.toHaveProperty('devTools');
    expect((await fetch(new URL(`/${DEBUG_PANEL_SCRIPT}`, server.url))).status).toBe(404);

    const token = await signToken({
      userId: 'gina',
      secret: SECRET,
      issuer: 'turngate-local',
      audience: 'turngate',
      expiresIn: '1h',
    });
    const match = await server.lobby.withToken(token).createMatch({ game: 'tic-tac-toe', join: true });
    const state = await fetch(new URL(`/api/dev/matches/${match.id}/state`, server.url));
    expect([state.status, (await state.json()).error.code]).toEqual([404, 'unknown_action']);

    const watched = await openPage(browser, server.url);
    const { page } = watched;
    await page.getByTestId('sign-in-token').fill(token);
    await page.getByTestId('sign-in-submit').click();
    await page.getByTestId('lobby').waitFor();
    await page.goto(`${server.url}#/match/${match.id}`);
    await page.getByTestId('connection-status').filter({ hasText: 'Live' }).waitFor();
    expect(await page.getByTestId('replay-link').count()).toBe(1);
    expect(await page.getByTestId('debug-link').count()).toBe(0);
    // The panel's address is no page here: it shows the lobby.
    await page.goto(`${server.url}#/match/${match.id}/debug`);
    await page.getByTestId('lobby').waitFor();
    expect(await page.getByTestId('debug-panel').count()).toBe(0);
    expect(watched.errors).toEqual([]);
    await watched.context.close();
  }, 60_000);
});
