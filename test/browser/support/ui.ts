import type { Browser } from 'playwright-core';
import { openPage, type WatchedPage } from './chromium.js';

/** Opens `url` in a fresh context (a separate person's browser) and signs in with the development sign-in. */
export async function signedInPage(
  browser: Browser,
  url: string,
  name: string,
  viewport?: { width: number; height: number },
): Promise<WatchedPage> {
  const watched = await openPage(browser, url, viewport);
  await watched.page.getByTestId('sign-in-name').fill(name);
  await watched.page.getByTestId('sign-in-submit').click();
  await watched.page.getByTestId('user-id').filter({ hasText: name }).waitFor();
  return watched;
}

/** Creates a match of `game` from the lobby (the creator takes a seat) and returns its id. */
export async function createMatch(watched: WatchedPage, game: string): Promise<string> {
  const { page } = watched;
  await page.getByTestId(`create-${game}`).click();
  await page.waitForURL(/#\/match\/[^/]+$/);
  await page.getByTestId('connection-status').filter({ hasText: 'Live' }).waitFor();
  return decodeURIComponent(new URL(page.url()).hash.replace('#/match/', ''));
}

/** The share link shown on a match page. */
export const shareLinkOf = (watched: WatchedPage): Promise<string> =>
  watched.page.getByTestId('share-link').inputValue();

/** Waits until the turn line says exactly `text`. */
export const turnSays = (watched: WatchedPage, text: string): Promise<void> =>
  watched.page.getByTestId('turn-status').filter({ hasText: text }).waitFor();

/** The nine cells' marks, '' for empty. */
export const boardOf = (watched: WatchedPage): Promise<string[]> =>
  watched.page.$$eval('[data-testid^="cell-"]', (cells) =>
    cells.map((cell) => (cell as HTMLElement).dataset.mark ?? ''),
  );

/** Clicks a cell and waits until the server's state shows `mark` there. */
export async function place(watched: WatchedPage, cell: number, mark: 'X' | 'O'): Promise<void> {
  await watched.page.getByTestId(`cell-${cell}`).click();
  await watched.page.locator(`[data-testid="cell-${cell}"][data-mark="${mark}"]`).waitFor();
}
