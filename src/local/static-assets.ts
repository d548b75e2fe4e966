import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import type { Logger } from '../ports/index.js';

export interface StaticAsset {
  readonly contentType: string;
  readonly body: Buffer;
}

export type AssetMap = ReadonlyMap<string, StaticAsset>;

const PLACEHOLDER: StaticAsset = {
  contentType: 'text/html; charset=utf-8',
  body: Buffer.from(
    '<!doctype html><meta charset="utf-8"><title>turngate</title>' +
      '<p>turngate is running. The web UI could not be built; the HTTP API is at <code>/api/games</code>.</p>',
  ),
};

/** Where the published package keeps the web UI, built once by `npm run build` (dist/web-assets). */
const PREBUILT = new URL('../../web-assets/', import.meta.url);
const PREBUILT_FILES: Readonly<Record<string, string>> = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'styles.css': 'text/css; charset=utf-8',
};

/**
 * The web UI: the prebuilt files when this runs from the published package (which has no esbuild),
 * else bundled in memory by web/build.ts, as in this repository. The bundler is loaded lazily (esbuild
 * is a development dependency) and a failure to build only costs the UI, never the game server.
 */
export async function loadWebAssets(logger: Logger): Promise<AssetMap> {
  const prebuilt = await loadPrebuilt();
  if (prebuilt) return prebuilt;
  try {
    const { buildWebAssets } = (await import('../../web/build.js')) as {
      buildWebAssets: () => Promise<Map<string, StaticAsset>>;
    };
    return await buildWebAssets();
  } catch (error) {
    logger.warn('web.unavailable', { error: error instanceof Error ? error.message : String(error) });
    return new Map([['index.html', PLACEHOLDER]]);
  }
}

async function loadPrebuilt(): Promise<AssetMap | undefined> {
  try {
    const entries = await Promise.all(
      Object.entries(PREBUILT_FILES).map(
        async ([name, contentType]) => [name, { contentType, body: await readFile(new URL(name, PREBUILT)) }] as const,
      ),
    );
    return new Map(entries);
  } catch {
    return undefined;
  }
}

/** `/` and any extension-less path (the UI's own routes) get index.html; files by name; else 404. */
export function serveAsset(assets: AssetMap, pathname: string, response: ServerResponse): number {
  const name = pathname.replace(/^\/+/, '');
  const asset = assets.get(name) ?? (name === '' || !name.includes('.') ? assets.get('index.html') : undefined);
  if (!asset) {
    response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
    return 404;
  }
  response
    .writeHead(200, {
      'Content-Type': asset.contentType,
      'Content-Length': asset.body.length,
      'Cache-Control': 'no-cache',
    })
    .end(asset.body);
  return 200;
}
