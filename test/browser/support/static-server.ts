import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildWebAssets } from '../../../web/build.js';

/**
 * Serves only the web UI's assets from a throwaway node:http server on loopback: enough to check
 * that the bundle loads and renders, without any API behind it.
 */
export async function serveWebAssets(): Promise<{ url: string; close(): Promise<void> }> {
  const assets = await buildWebAssets();
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
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
