import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

/**
 * Readable stack traces in a Lambda bundle without paying for them at every cold start. Node's
 * `--enable-source-maps` scans the bundle and reads and parses its source map while the bundle
 * loads (about a tenth of the move function's init, docs/benchmarks.md); this hook does that the
 * first time a stack trace is formatted, then writes every frame inside the bundle as Node would:
 * the original function name, file, line and column. Frames elsewhere (Node's own) keep V8's format.
 * Every Lambda function's maker installs it (lambda-functions.ts), in place of the
 * NODE_OPTIONS=--enable-source-maps the stack used to set.
 */

/** The bundle this module was bundled into, and its map beside it (`index.mjs.map`). */
const bundleUrl = import.meta.url;
let loaded: SourceMap | null | undefined;
let installed = false;

function sourceMap(): SourceMap | null {
  if (loaded === undefined) {
    try {
      loaded = new SourceMap(JSON.parse(readFileSync(`${fileURLToPath(bundleUrl)}.map`, 'utf8')));
    } catch {
      loaded = null; // no map, or an unreadable one: V8's own frames
    }
  }
  return loaded;
}

/** What `findEntry` answers for a position the map covers (Node adds the name it maps to, if any). */
interface Entry {
  readonly originalSource: string;
  readonly originalLine: number;
  readonly originalColumn: number;
  readonly name?: string;
}

/** The entry at a 1-based line and column of the bundle, as V8's call sites give them. */
function entryAt(map: SourceMap, line: number | null, column: number | null): Entry | undefined {
  if (line === null || column === null) return undefined;
  const entry: Partial<Entry> = map.findEntry(line - 1, column - 1);
  return typeof entry.originalSource === 'string' ? (entry as Entry) : undefined;
}

const inBundle = (site: NodeJS.CallSite): boolean => {
  const file = site.getFileName();
  return file === bundleUrl || (file !== undefined && file !== null && `file://${file}` === bundleUrl);
};

/** The source file as Node names it: the map's relative path resolved against the bundle's location. */
const sourcePath = (source: string): string => {
  try {
    return fileURLToPath(new URL(source, bundleUrl));
  } catch {
    return source;
  }
};

/** The original name of a frame's function, found as Node's own source-map support finds it. */
function originalName(map: SourceMap, stack: readonly NodeJS.CallSite[], index: number): string | undefined {
  const site = stack[index] as NodeJS.CallSite;
  const enclosing = entryAt(map, site.getEnclosingLineNumber(), site.getEnclosingColumnNumber());
  if (enclosing?.name) return enclosing.name;
  const caller = stack[index + 1];
  if (caller === undefined || !inBundle(caller)) return undefined;
  return entryAt(map, caller.getLineNumber(), caller.getColumnNumber())?.name;
}

function frame(stack: readonly NodeJS.CallSite[], index: number): string {
  const site = stack[index] as NodeJS.CallSite;
  const map = inBundle(site) ? sourceMap() : null;
  const entry = map ? entryAt(map, site.getLineNumber(), site.getColumnNumber()) : undefined;
  if (map === null || entry === undefined) return `${site}`;
  const typeName = site.getTypeName();
  const called = `${typeName !== null && typeName !== 'global' ? `${typeName}.` : ''}${site.getFunctionName() ?? site.getMethodName() ?? '<anonymous>'}`;
  const name = originalName(map, stack, index) ?? called;
  const where = `${sourcePath(entry.originalSource)}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  return `${site.isAsync() ? 'async ' : ''}${name} (${where})`;
}

function header(error: unknown): string {
  try {
    return Error.prototype.toString.call(error);
  } catch {
    return '<error>';
  }
}

/**
 * Installs the hook where it can help: not where Node maps stack traces itself, and only where a map
 * sits beside the bundle (not in tests, which run the sources). It replaces whatever formatted stack
 * traces before (Node's own default, in a Lambda function).
 */
export function mapStackTracesLazily(): void {
  if (process.sourceMapsEnabled || installed) return;
  if (!existsSync(`${fileURLToPath(bundleUrl)}.map`)) return;
  installed = true;
  Error.prepareStackTrace = (error, stack) =>
    [header(error), ...stack.map((_site, index) => `    at ${frame(stack, index)}`)].join('\n');
}
