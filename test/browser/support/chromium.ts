import { existsSync } from 'node:fs';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

/** Debian's Chromium; `.ci/run` installs it when missing (`apt-get install -y chromium`). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Whether the browser tests can run. A developer without Debian's chromium skips them; CI (which
 * installs it in .ci/run) must never skip silently, so there a missing browser is a failure.
 */
export function hasChromium(): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  if (process.env.CI) throw new Error(`${CHROMIUM_PATH} is missing: .ci/run should have installed Debian's chromium`);
  return false;
}

/**
 * One headless Chromium for a whole test file; contexts are the cheap unit of isolation (each is a
 * fresh profile: its own storage, as a separate person's browser). `launch` always starts from a new
 * temporary user-data dir, which it deletes on close. The flags keep Chromium from calling home, so
 * the only traffic is to the loopback server under test.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** A page whose console errors and uncaught exceptions are collected, so a test can assert there were none. */
export interface WatchedPage {
  readonly page: Page;
  readonly context: BrowserContext;
  readonly errors: string[];
}

export async function openPage(
  browser: Browser,
  url: string,
  viewport: { width: number; height: number } = { width: 1100, height: 800 },
  storedSession?: object,
): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport });
  if (storedSession !== undefined) await holdSession(context, storedSession);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`page: ${error.message}`));
  await page.goto(url);
  return { page, context, errors };
}

/**
 * Opens the UI in a tab that already holds `session` in its sessionStorage, as a reload finds it.
 * Written by an init script before the app's first script runs, never by the page after it loaded:
 * the app boots asynchronously, so a session written into a loaded page can be checked and cleared
 * by that first boot just before a reload, and the reloaded page then shows no reason at all.
 */
export function openPageWithSession(browser: Browser, url: string, session: object): Promise<WatchedPage> {
  return openPage(browser, url, undefined, session);
}

/** Once per tab: a later navigation (the app clearing a refused session, then reloading) keeps what the app left. */
async function holdSession(context: BrowserContext, session: object): Promise<void> {
  await context.addInitScript((stored) => {
    if (sessionStorage.getItem('test.session-seeded') !== null) return;
    sessionStorage.setItem('test.session-seeded', '1');
    sessionStorage.setItem('turngate.session', stored);
  }, JSON.stringify(session));
}
