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

/**
 * The web UI, bundled in memory by web/build.ts. It is loaded lazily (esbuild is a development
 * dependency) and a failure to build only costs the UI, never the game server.
 */
export async function loadWebAssets(logger: Logger): Promise<AssetMap> {
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
