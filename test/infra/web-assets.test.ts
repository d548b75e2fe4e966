import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hostedLayout } from '../../infra/web-assets.js';
import { projectRoot } from './synth.js';

const asset = (text: string) => ({ body: Buffer.from(text, 'utf8') });
const PAGE = '<link rel="stylesheet" href="./styles.css" /><script type="module" src="./app.js"></script>';

describe('the hosted layout of the web UI', () => {
  it('keeps pages at the root and moves every other file under assets/ with its content hash', () => {
    const layout = hostedLayout(
      new Map([
        ['index.html', asset(PAGE)],
        ['app.js', asset('console.log(1)')],
        ['styles.css', asset('body{}')],
      ]),
    );
    const names = [...layout.keys()].sort();
    expect(names).toHaveLength(3);
    expect(names[0]).toMatch(/^assets\/app\.[0-9a-f]{12}\.js$/);
    expect(names[1]).toMatch(/^assets\/styles\.[0-9a-f]{12}\.css$/);
    expect(names[2]).toBe('index.html');
    expect(layout.get('index.html')?.toString()).toBe(
      `<link rel="stylesheet" href="./${names[1]}" /><script type="module" src="./${names[0]}"></script>`,
    );
  });

  it('gives changed content a new name and unchanged content the same one', () => {
    const names = (script: string) => [
      ...hostedLayout(
        new Map([
          ['index.html', asset(PAGE)],
          ['app.js', asset(script)],
          ['styles.css', asset('a')],
        ]),
      ).keys(),
    ];
    expect(names('one')).toEqual(names('one'));
    expect(names('one')).not.toEqual(names('two'));
  });

  it('refuses a file no page references: under its new name it would be unreachable', () => {
    expect(() =>
      hostedLayout(
        new Map([
          ['index.html', asset(PAGE)],
          ['app.js', asset('x')],
          ['styles.css', asset('y')],
          ['extra.js', asset('z')],
        ]),
      ),
    ).toThrow(/no page references extra\.js/);
  });
});

describe('write-web-assets', () => {
  it('takes the prebuilt UI where the published package keeps it (dist/web-assets beside dist/infra)', () => {
    // The package's layout, in miniature: an ES module package, infra/ beside web-assets/, no web/.
    const root = mkdtempSync(path.join(tmpdir(), 'turngate-package-'));
    try {
      writeFileSync(path.join(root, 'package.json'), JSON.stringify({ type: 'module' }));
      mkdirSync(path.join(root, 'infra'));
      for (const file of ['write-web-assets.ts', 'web-assets.ts']) {
        copyFileSync(path.join(projectRoot, 'infra', file), path.join(root, 'infra', file));
      }
      mkdirSync(path.join(root, 'web-assets'));
      writeFileSync(path.join(root, 'web-assets', 'index.html'), PAGE);
      writeFileSync(path.join(root, 'web-assets', 'app.js'), 'prebuilt()');
      writeFileSync(path.join(root, 'web-assets', 'styles.css'), 'body{}');
      const out = path.join(root, 'out');
      const run = spawnSync(
        process.execPath,
        ['--import', 'tsx', path.join(root, 'infra', 'write-web-assets.ts'), out],
        { cwd: projectRoot, encoding: 'utf8' },
      );
      expect(run.stderr).toBe('');
      expect(readdirSync(out).sort()).toEqual(['assets', 'index.html']);
      const [script] = readdirSync(path.join(out, 'assets')).filter((name) => name.endsWith('.js'));
      expect(readFileSync(path.join(out, 'assets', script as string), 'utf8')).toBe('prebuilt()');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('write-web-assets with board modules (turngate synth --board)', () => {
  it('bundles the developer’s boards into the hosted UI’s script', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'turngate-hosted-'));
    try {
      const board = path.join(projectRoot, 'test', 'browser', 'fixtures', 'tic-tac-toe-board.ts');
      const run = spawnSync(
        process.execPath,
        ['--import', 'tsx', path.join(projectRoot, 'infra', 'write-web-assets.ts'), out, board],
        { cwd: projectRoot, encoding: 'utf8' },
      );
      expect(run.stderr).toBe('');
      const scripts = readdirSync(path.join(out, 'assets')).filter((name) => name.endsWith('.js'));
      expect(scripts).toHaveLength(1);
      const script = readFileSync(path.join(out, 'assets', scripts[0] as string), 'utf8');
      // The board's own code, and the UI it registers with, in one script the page loads.
      expect(script).toContain('custom-cell-');
      expect(script).toContain('turngate.boards');
      expect(readFileSync(path.join(out, 'index.html'), 'utf8')).toContain(`./assets/${scripts[0]}`);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('write-web-assets with a games module (turngate synth)', () => {
  it('bundles the developer’s games, so the hosted replay viewer recomputes their matches in the browser', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'turngate-hosted-'));
    try {
      const gamesModule = path.join(out, 'games.ts');
      const engine = JSON.stringify(path.join(projectRoot, 'src', 'engine', 'index.ts'));
      const ticTacToe = JSON.stringify(path.join(projectRoot, 'games', 'tic-tac-toe.ts'));
      writeFileSync(
        gamesModule,
        `import { variantOf } from ${engine};\nimport { ticTacToe } from ${ticTacToe};\n` +
          `export default [variantOf(ticTacToe, { name: 'hosted-replay-probe' })];\n`,
      );
      const site = path.join(out, 'site');
      const run = spawnSync(
        process.execPath,
        ['--import', 'tsx', path.join(projectRoot, 'infra', 'write-web-assets.ts'), site, `--games=${gamesModule}`],
        { cwd: projectRoot, encoding: 'utf8' },
      );
      expect(run.stderr).toBe('');
      expect(run.stdout).not.toContain('warning');
      const scripts = readdirSync(path.join(site, 'assets')).filter((name) => name.endsWith('.js'));
      expect(scripts).toHaveLength(1);
      const script = readFileSync(path.join(site, 'assets', scripts[0] as string), 'utf8');
      // The developer's game, registered where the replay viewer looks for rules (web/app/boards/game-rules.ts).
      expect(script).toContain('hosted-replay-probe');
      expect(script).toContain('turngate.games');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 60_000);
});
