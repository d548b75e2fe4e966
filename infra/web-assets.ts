import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

/** How infra/write-web-assets.ts is told the developer's games module: `--games=<absolute path>`. */
export const GAMES_OPTION = '--games=';

/** Where content-hashed files go in the bucket: cached for a year, since a change is a new name. */
export const HASHED_ASSETS_PREFIX = 'assets/';

/** One web asset as web/build.ts makes it (a subset of its WebAsset, so this module needs no esbuild). */
interface BuiltAsset {
  readonly body: Buffer;
}

/**
 * The hosted layout of the web UI: every page (`*.html`) keeps its name, at the root, and is served
 * `no-cache`; every other file moves to `assets/<name>.<hash>.<ext>` and each page's `"./<name>"`
 * references are rewritten to it, so a deploy can never serve a new page with an old script. A file
 * no page references fails the build: it would be unreachable under its new name.
 */
export function hostedLayout(assets: ReadonlyMap<string, BuiltAsset>): Map<string, Buffer> {
  const pages = [...assets].filter(([name]) => name.endsWith('.html'));
  const others = [...assets].filter(([name]) => !name.endsWith('.html'));
  const layout = new Map<string, Buffer>();
  const renamed = new Map<string, string>();
  for (const [name, asset] of others) {
    const hash = createHash('sha256').update(asset.body).digest('hex').slice(0, 12);
    const extension = path.extname(name);
    const hashed = `${HASHED_ASSETS_PREFIX}${name.slice(0, name.length - extension.length)}.${hash}${extension}`;
    renamed.set(name, hashed);
    layout.set(hashed, asset.body);
  }
  const referenced = new Set<string>();
  for (const [page, asset] of pages) {
    let html = asset.body.toString('utf8');
    for (const [name, hashed] of renamed) {
      const reference = `"./${name}"`;
      if (!html.includes(reference)) continue;
      html = html.replaceAll(reference, `"./${hashed}"`);
      referenced.add(name);
    }
    layout.set(page, Buffer.from(html, 'utf8'));
  }
  const orphans = [...renamed.keys()].filter((name) => !referenced.has(name));
  if (orphans.length > 0) throw new Error(`no page references ${orphans.join(', ')} as "./<name>"`);
  return layout;
}

export function writeLayout(layout: ReadonlyMap<string, Buffer>, outputDir: string): void {
  for (const [name, body] of layout) {
    const file = path.join(outputDir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, body);
  }
}
