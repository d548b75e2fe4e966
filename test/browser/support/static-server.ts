import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { UI_CONFIG_PATH } from '../../../src/protocol/index.js';
import { buildWebAssets } from '../../../web/build.js';

/**
 * Serves only the web UI's assets from a throwaway node:http server on loopback: enough to check
 * that the bundle loads and renders, without any API behind it. Like a deployment's static host,
 * it serves the runtime config (/config.json) beside them: here the development sign-in.
 */
export async function serveWebAssets(): Promise<{ url: string; close(): Promise<void> }> {
  const assets = await buildWebAssets();
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path === UI_CONFIG_PATH) {
      const host = request.headers.host ?? '';
      const config = { lobbyUrl: `http://${host}`, websocketUrl: `ws://${host}/`, auth: { mode: 'dev' } };
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(config));
      return;
    }
    const asset = assets.get(path === '/' ? 'index.html' : path.slice(1));
    if (asset === undefined) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': asset.contentType }).end(asset.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
