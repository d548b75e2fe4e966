import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { turngatePackage } from './package-info.js';
import { GAMES_TEST_TS, GAMES_TS, GITIGNORE, readme, TSCONFIG_JSON } from './templates.js';

type PackageJson = Record<string, unknown> & {
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
};

/** Why init stopped without writing anything: a file it would overwrite. */
export class InitRefused extends Error {
  override readonly name = 'InitRefused';
}

/**
 * Writes a new game project into `dir`. An existing package.json is completed (scripts and
 * dependencies it lacks are added, its own are kept), so `npm init -y && npm i turngate && npx
 * turngate init` works; any other file that exists stops init before it writes anything.
 */
export function initProject(dir: string, log: (line: string) => void): void {
  const target = resolve(dir);
  const files: Record<string, string> = {
    'tsconfig.json': TSCONFIG_JSON,
    'src/games.ts': GAMES_TS,
    'src/games.test.ts': GAMES_TEST_TS,
    '.gitignore': GITIGNORE,
  };
  const name = packageName(basename(target));
  const packageFile = join(target, 'package.json');
  const existing = existsSync(packageFile) ? (JSON.parse(readFileSync(packageFile, 'utf8')) as PackageJson) : undefined;
  if (!existsSync(join(target, 'README.md'))) files['README.md'] = readme(existing?.name?.toString() ?? name);

  const taken = Object.keys(files).filter((file) => existsSync(join(target, file)));
  if (taken.length > 0) {
    throw new InitRefused(`${target} already has ${taken.join(', ')}: init writes no file over another`);
  }

  mkdirSync(join(target, 'src'), { recursive: true });
  writeFileSync(packageFile, `${JSON.stringify(projectPackage(existing, name, log), null, 2)}\n`);
  for (const [file, text] of Object.entries(files)) writeFileSync(join(target, file), text);
  const where = relative(process.cwd(), target) || '.';
  log(`Created a turngate project in ${where}. Next:`);
  if (where !== '.') log(`  cd ${where}`);
  log('  npm install');
  log('  npm run dev    # then open http://127.0.0.1:8787');
  log('  npm test');
}

function projectPackage(existing: PackageJson | undefined, name: string, log: (line: string) => void): PackageJson {
  const turngate = turngatePackage();
  // The project's tools in the ranges turngate itself is built and tested with.
  const range = (dependency: string): string =>
    turngate.dependencies[dependency] ?? turngate.devDependencies[dependency] ?? '*';
  const json: PackageJson = existing ? { ...existing } : { name, version: '0.1.0', private: true };
  if (json.type !== 'module') {
    if (json.type !== undefined) log(`package.json: "type" is now "module" (it was "${String(json.type)}")`);
    json.type = 'module';
  }
  json.scripts = {
    dev: 'turngate dev src/games.ts',
    // Every *.test.ts file, so a new one is never silently left out.
    test: 'turngate test',
    typecheck: 'tsc',
    ...withoutNpmPlaceholder(json.scripts),
  };
  json.dependencies = { turngate: `^${turngate.version}`, zod: range('zod'), ...json.dependencies };
  json.devDependencies = {
    '@types/node': range('@types/node'),
    tsx: range('tsx'),
    typescript: range('typescript'),
    ...json.devDependencies,
  };
  // npm 11 warns at each install until a project says which install scripts may run: turngate's
  // native SQLite addon and esbuild's binary check, the only ones a project gets through turngate.
  json.allowScripts = { ...INSTALL_SCRIPTS, ...(json.allowScripts as Record<string, boolean> | undefined) };
  return json;
}

/** The dependencies of turngate that have install scripts, and that a project lets run. */
const INSTALL_SCRIPTS: Readonly<Record<string, boolean>> = { 'better-sqlite3': true, esbuild: true };

/** `npm init` writes a test script that only fails; ours replaces it. */
function withoutNpmPlaceholder(scripts: Record<string, string> | undefined): Record<string, string> {
  const { test, ...rest } = scripts ?? {};
  return test === undefined || test.includes('no test specified') ? rest : { ...rest, test };
}

/** A valid npm name from a folder's name. */
const packageName = (folder: string): string =>
  folder
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '') || 'my-game';
