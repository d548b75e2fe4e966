import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The engine must replay identically everywhere, so its source may reach no I/O, no clock and no
 * ambient randomness. This reads each module's source and walks its syntax tree (comments, which
 * may name what they forbid, do not count).
 */
const ENGINE_DIR = fileURLToPath(new URL('../../src/engine/', import.meta.url));
const GAMES_DIR = fileURLToPath(new URL('../../games/', import.meta.url));
const BOTS_DIR = fileURLToPath(new URL('../../src/bots/', import.meta.url));

/** The only bare module the engine may import: the schema library, for types. */
const ALLOWED_PACKAGES = new Set(['zod']);

/** Globals that reach the clock, timers, the process, the network or ambient randomness. */
const FORBIDDEN_GLOBALS = new Set([
  'Date',
  'performance',
  'setTimeout',
  'setInterval',
  'setImmediate',
  'queueMicrotask',
  'process',
  'fetch',
  'crypto',
  'require',
  'globalThis',
  'WebSocket',
  'XMLHttpRequest',
]);

/** Engine modules import each other; games import only the engine's public API (and each other). */
const engineImport = (specifier: string) => specifier.startsWith('./');
const gameImport = (specifier: string) => specifier.startsWith('./') || specifier === '../src/engine/index.js';
/** Bots depend on the engine alone, through its public API: they run wherever the engine does. */
const botImport = (specifier: string) => specifier.startsWith('./') || specifier === '../engine/index.js';

function impurities(fileName: string, source: string, allowedRelative = engineImport): string[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  const at = (node: ts.Node) => `${fileName}:${file.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  const checkSpecifier = (node: ts.Node, specifier: string) => {
    if (allowedRelative(specifier)) return;
    if (ALLOWED_PACKAGES.has(specifier)) return;
    found.push(`${at(node)} imports "${specifier}"`);
  };
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
      if (ts.isStringLiteral(node.moduleSpecifier)) checkSpecifier(node, node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      found.push(`${at(node)} imports dynamically`);
    } else if (
      ts.isPropertyAccessExpression(node) &&
      node.name.text === 'random' &&
      node.expression.getText() === 'Math'
    ) {
      found.push(`${at(node)} uses Math.random`);
    } else if (ts.isIdentifier(node) && FORBIDDEN_GLOBALS.has(node.text) && !isPropertyName(node)) {
      found.push(`${at(node)} uses ${node.text}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

/** `x.process` or `{ process: 1 }` name a property, not the global. */
function isPropertyName(node: ts.Identifier): boolean {
  const parent = node.parent;
  return (
    (ts.isPropertyAccessExpression(parent) && parent.name === node) ||
    (ts.isPropertyAssignment(parent) && parent.name === node) ||
    (ts.isPropertySignature(parent) && parent.name === node) ||
    (ts.isMethodSignature(parent) && parent.name === node)
  );
}

describe('engine, games and bots purity', () => {
  const modules = readdirSync(ENGINE_DIR).filter((name) => name.endsWith('.ts'));

  it('finds the engine modules', () => {
    expect(modules).toEqual(expect.arrayContaining(['index.ts', 'apply-move.ts', 'random.ts', 'match.ts']));
  });

  it.each(modules)('%s imports no I/O and reads no clock, timer or ambient randomness', (name) => {
    expect(impurities(name, readFileSync(`${ENGINE_DIR}${name}`, 'utf8'))).toEqual([]);
  });

  const games = readdirSync(GAMES_DIR).filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'));

  it.each(games)('game %s uses only the engine’s public API and no I/O, clock or ambient randomness', (name) => {
    expect(impurities(name, readFileSync(`${GAMES_DIR}${name}`, 'utf8'), gameImport)).toEqual([]);
  });

  const bots = readdirSync(BOTS_DIR).filter((name) => name.endsWith('.ts'));

  it.each(bots)('bot module %s uses only the engine’s public API and no I/O, clock or ambient randomness', (name) => {
    expect(impurities(name, readFileSync(`${BOTS_DIR}${name}`, 'utf8'), botImport)).toEqual([]);
  });

  it('would catch each kind of impurity (so a pass above means something)', () => {
    const bad = [
      "import { readFileSync } from 'node:fs';",
      "import net from 'net';",
      "export { setTimeout } from 'timers';",
      "const later = await import('./x.js');",
      'const roll = Math.random();',
      'const now = Date.now();',
      'const when = new Date();',
      'setTimeout(() => 1, 0);',
      'const env = process.env;',
    ];
    for (const line of bad) expect(impurities('bad.ts', line), line).not.toEqual([]);
    expect(impurities('game.ts', "import { deepFreeze } from '../src/engine/freeze.js';", gameImport)).not.toEqual([]);
    const fine = [
      '// Never Math.random or Date here',
      "import { z } from 'zod';",
      "import { x } from './y.js';",
      'const o = { process: 1 };',
      'const p = o.process;',
    ].join('\n');
    expect(impurities('fine.ts', fine)).toEqual([]);
  });
});
