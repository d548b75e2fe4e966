import { readFile } from 'node:fs/promises';
import type { Logger } from '../ports/index.js';
import { DEBUG_PANEL_SCRIPT } from '../protocol/index.js';
import type { AssetMap, StaticAsset } from './static-assets.js';

/**
 * Where the published package keeps the debug panel, built by `npm run build`: apart from
 * dist/web-assets, which a deployment uploads whole, so no deployment can carry it by accident.
 */
const PREBUILT = new URL(`../../dev-assets/${DEBUG_PANEL_SCRIPT}`, import.meta.url);

let panel: Promise<StaticAsset | undefined> | undefined;

/**
 * The web UI's files with the debug panel's script beside them: what a server in development mode
 * serves (`/config.json` then says `devTools`). The script is the prebuilt one when this runs from the
 * package, else bundled from web/ once per process; a failure to build costs the panel only.
 */
export async function withDevAssets(assets: AssetMap, logger: Logger): Promise<AssetMap> {
  panel ??= loadPanel().catch((error: unknown) => {
    logger.warn('web.debug_panel_unavailable', { error: error instanceof Error ? error.message : String(error) });
    panel = undefined; // the next server started in this process tries again
    return undefined;
  });
  const script = await panel;
  return script === undefined ? assets : new Map([...assets, [DEBUG_PANEL_SCRIPT, script]]);
}

async function loadPanel(): Promise<StaticAsset> {
  try {
    return { contentType: 'text/javascript; charset=utf-8', body: await readFile(PREBUILT) };
  } catch {
    const { buildDebugPanel } = (await import('../../web/build.js')) as {
      buildDebugPanel: () => Promise<StaticAsset>;
    };
    return buildDebugPanel();
  }
}
