import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * An npm registry on loopback that knows every package of this repository's lockfile, at the versions
 * the lockfile pins, and turngate as `npm pack` just made it: what a stranger's npm sees once turngate
 * is published, offline. So the docs' commands run as written (`npx turngate init`, `npm install`,
 * `npm install --save-dev aws-cdk-lib …`), with only `npm_config_registry` pointing here.
 *
 * Packuments are built from the lockfile's entries (version, dependencies, bins, engines, platform);
 * tarballs come from npm's own content cache, where `npm ci` put them, by their integrity. A package the
 * lockfile does not have is a 404, never a request to the real registry.
 */
export interface LocalRegistry {
  readonly url: string;
  /** The environment npm and npx need to use this registry alone, with a fresh npx cache. */
  readonly env: NodeJS.ProcessEnv;
  close(): Promise<void>;
}

interface LockEntry {
  readonly version?: string;
  readonly resolved?: string;
  readonly integrity?: string;
  readonly inBundle?: boolean;
  readonly link?: boolean;
  readonly [field: string]: unknown;
}

/** What a packument's version carries, copied from the lockfile: all npm needs to place a package. */
const MANIFEST_FIELDS = [
  'dependencies',
  'optionalDependencies',
  'peerDependencies',
  'peerDependenciesMeta',
  'bin',
  'engines',
  'os',
  'cpu',
  'libc',
  'license',
  'hasInstallScript',
  // What the tarball carries inside it: npm must not look for these in the registry.
  'bundleDependencies',
] as const;

type Manifest = Record<string, unknown> & {
  name: string;
  version: string;
  dist: { tarball: string; integrity: string };
};

export async function startLocalRegistry(lockfile: string, turngateTarball: string): Promise<LocalRegistry> {
  const cacache = join(homedir(), '.npm', '_cacache');
  const packages = new Map<string, Map<string, Manifest>>();
  const tarballs = new Map<string, () => Buffer>();
  let url = '';

  const add = (
    name: string,
    version: string,
    integrity: string,
    fields: Record<string, unknown>,
    body: () => Buffer,
  ) => {
    const file = `${name.replace(/^@[^/]+\//, '')}-${version}.tgz`;
    const path = `/${name}/-/${file}`;
    tarballs.set(path, body);
    const versions = packages.get(name) ?? new Map<string, Manifest>();
    versions.set(version, { ...fields, name, version, dist: { tarball: `${url}${path}`, integrity } });
    packages.set(name, versions);
  };

  const server: Server = createServer((request, response) => {
    const path = decodeURIComponent((request.url ?? '/').split('?')[0] ?? '/');
    const tarball = tarballs.get(path);
    if (tarball) {
      response.writeHead(200, { 'content-type': 'application/octet-stream', 'cache-control': 'no-store' });
      response.end(tarball());
      return;
    }
    const versions = packages.get(path.slice(1));
    if (!versions) {
      response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
      return;
    }
    const latest = [...versions.keys()].sort(compareVersions).at(-1) as string;
    const packument = { name: path.slice(1), 'dist-tags': { latest }, versions: Object.fromEntries(versions) };
    response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    response.end(JSON.stringify(packument));
  });
  await new Promise<void>((resolve) => server.listen({ port: 0, host: '127.0.0.1' }, resolve));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;

  const lock = JSON.parse(readFileSync(lockfile, 'utf8')) as { packages: Record<string, LockEntry> };
  for (const [where, entry] of Object.entries(lock.packages)) {
    const name = where.slice(where.lastIndexOf('node_modules/') + 'node_modules/'.length);
    if (!where || entry.inBundle || entry.link || !entry.version || !entry.integrity) continue;
    const integrity = entry.integrity;
    const fields = Object.fromEntries(
      MANIFEST_FIELDS.flatMap((field) => (field in entry ? [[field, entry[field]]] : [])),
    );
    add(name, entry.version, integrity, fields, () => readFileSync(contentPath(cacache, integrity)));
  }
  const packed = readFileSync(turngateTarball);
  const turngate = readTurngateManifest();
  add(
    'turngate',
    turngate.version as string,
    `sha512-${createHash('sha512').update(packed).digest('base64')}`,
    Object.fromEntries(MANIFEST_FIELDS.flatMap((field) => (field in turngate ? [[field, turngate[field]]] : []))),
    () => packed,
  );

  // npm's content cache is shared (nothing is downloaded into it here); npx's installs are this run's own,
  // so an npx cache from an earlier run can never serve an older turngate.
  const cache = mkdtempSync(join(tmpdir(), 'turngate-npm-cache-'));
  if (existsSync(cacache)) symlinkSync(cacache, join(cache, '_cacache'));
  else mkdirSync(join(cache, '_cacache'));

  return {
    url,
    env: {
      npm_config_registry: `${url}/`,
      npm_config_cache: cache,
      npm_config_audit: 'false',
      npm_config_fund: 'false',
      npm_config_update_notifier: 'false',
      npm_config_yes: 'true',
    },
    close: () =>
      new Promise((resolve) => {
        rmSync(cache, { recursive: true, force: true });
        server.close(() => resolve());
      }),
  };
}

/** Where cacache keeps content with this integrity: content-v2/<algorithm>/<hex digest, split>. */
function contentPath(cacache: string, integrity: string): string {
  const [algorithm = '', digest = ''] = (integrity.split(/\s+/)[0] ?? '').split('-');
  const hex = Buffer.from(digest, 'base64').toString('hex');
  return join(cacache, 'content-v2', algorithm, hex.slice(0, 2), hex.slice(2, 4), hex.slice(4));
}

/** turngate's own package.json, which the tarball carries too. */
function readTurngateManifest(): Record<string, unknown> {
  return JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', '..', 'package.json'), 'utf8')) as Record<
    string,
    unknown
  >;
}

/** Semantic versions in order (prereleases before their release), enough for a lockfile's versions. */
function compareVersions(a: string, b: string): number {
  const parse = (version: string) => {
    const [core = '', pre] = version.split('-', 2);
    return { parts: core.split('.').map(Number), pre };
  };
  const left = parse(a);
  const right = parse(b);
  for (let i = 0; i < 3; i++) {
    const difference = (left.parts[i] ?? 0) - (right.parts[i] ?? 0);
    if (difference !== 0) return difference;
  }
  if (left.pre === right.pre) return 0;
  if (left.pre === undefined) return 1;
  if (right.pre === undefined) return -1;
  return left.pre < right.pre ? -1 : 1;
}
