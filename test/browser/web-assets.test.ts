import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDebugPanel, buildWebAssets } from '../../web/build.js';
import { hasChromium, launchChromium, openPage } from './support/chromium.js';
import { serveWebAssets } from './support/static-server.js';

describe('buildWebAssets', () => {
  it('bundles the page, script and styles in memory, without ws or any AWS SDK', async () => {
    const assets = await buildWebAssets();
    expect([...assets.keys()].sort()).toEqual(['app.js', 'index.html', 'styles.css']);
    expect(assets.get('index.html')?.contentType).toMatch(/^text\/html/);
    expect(assets.get('app.js')?.contentType).toMatch(/^text\/javascript/);
    const script = assets.get('app.js')?.body.toString() ?? '';
    // ws may only appear as the lazy import browsers never run; none of its code is bundled.
    expect(script).not.toContain('WebSocketServer');
    expect(script).not.toContain('@aws-sdk');
    // Tree-shaken zod: the whole library with its locales is ~450 KB. The replay viewer adds the
    // engine and the example games' rules (README "Replay": about 26 KB, 9 KB gzipped).
    expect(script.length).toBeLessThan(240_000);
  });

  it('leaves the debug panel out: a script of its own, which only a development server serves', async () => {
    const [assets, panel] = await Promise.all([buildWebAssets(), buildDebugPanel()]);
    const script = assets.get('app.js')?.body.toString() ?? '';
    // The state view's marker is in the panel's script and nowhere in the page's.
    expect(panel.body.toString()).toContain('debug-full-state');
    expect(script).not.toContain('debug-full-state');
    expect([...assets.keys()]).not.toContain('debug-panel.js');
  });
});

describe.skipIf(!hasChromium())('the bundle in Chromium', () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serveWebAssets>>;

  beforeAll(async () => {
    [browser, server] = await Promise.all([launchChromium(), serveWebAssets()]);
  });
  afterAll(async () => {
    await Promise.all([browser?.close(), server?.close()]);
  });

  it('renders the sign-in form with no console errors, on a phone-sized screen too', async () => {
    for (const viewport of [
      { width: 1100, height: 800 },
      { width: 375, height: 667 },
    ]) {
      const { page, context, errors } = await openPage(browser, server.url, viewport);
      await page.getByTestId('sign-in-name').waitFor();
      expect(await page.getByTestId('sign-in-submit').isVisible()).toBe(true);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      expect(errors).toEqual([]);
      await context.close();
    }
  });
});
