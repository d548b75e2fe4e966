import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BoardModuleProblem, webAssetsWithBoards } from '../../src/cli/board-bundle.js';
import { silentLogger } from '../../src/ports/index.js';
import { startTestServer, type TestServer } from '../client/support/server.js';
import { hasChromium, launchChromium } from './support/chromium.js';
import { createMatch, signedInPage, turnSays } from './support/ui.js';

/** What `turngate dev --board test/browser/fixtures/tic-tac-toe-board.ts` serves. */
const board = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'tic-tac-toe-board.ts');

describe.skipIf(!hasChromium())('a board registered from a developer’s module, in Chromium', () => {
  let browser: Browser;
  let server: TestServer;

  beforeAll(async () => {
    const webAssets = await webAssetsWithBoards([board], silentLogger);
    [browser, server] = await Promise.all([launchChromium(), startTestServer({ webAssets })]);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('draws the match instead of the built-in board and plays a move through the game’s client', async () => {
    const ann = await signedInPage(browser, server.url, 'ann');
    const matchId = await createMatch(ann, 'tic-tac-toe');
    const bob = await signedInPage(browser, `${server.url}#/match/${matchId}`, 'bob');
    await bob.page.getByTestId('join-match').click();
    await turnSays(ann, 'Your turn.');

    await ann.page.getByTestId('custom-board').waitFor();
    expect(await ann.page.getByTestId('cell-0').count()).toBe(0);
    await ann.page.getByTestId('custom-cell-4').click();
    await bob.page.getByTestId('custom-marks').filter({ hasText: '....X....' }).waitFor();
    await turnSays(bob, 'Your turn.');

    // The server's refusal is shown by the page, as for any board.
    await ann.page.getByTestId('custom-cell-0').click();
    await ann.page.getByTestId('error-message').filter({ hasText: /turn/i }).waitFor();
  }, 120_000);
});

describe('a board module that cannot be bundled', () => {
  let scratch: string;
  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'turngate-board-'));
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('is refused with its path when it does not exist', async () => {
    const missing = join(scratch, 'nope.ts');
    await expect(webAssetsWithBoards([missing], silentLogger)).rejects.toThrow(BoardModuleProblem);
    await expect(webAssetsWithBoards([missing], silentLogger)).rejects.toThrow(missing);
  });

  it('is refused with its file and line when it does not compile', async () => {
    const broken = join(scratch, 'broken.ts');
    writeFileSync(broken, "import { registerBoard } from './missing-helper.js';\nregisterBoard('x', () => {\n");
    const refused = webAssetsWithBoards([broken], silentLogger);
    await expect(refused).rejects.toThrow(BoardModuleProblem);
    await expect(refused).rejects.toThrow(/broken\.ts:\d+/);
  });
});
