import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * src/aws/lazy-source-maps.ts in a bundle built as the Lambda functions are (minified, ESM, its map
 * beside it without the sources' text), run by a bare `node`: a stack trace thrown inside names the
 * source file, line and function, as `--enable-source-maps` would, though nothing read the map at load.
 */
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let work: string;
let bundle: string;

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'turngate-source-maps-'));
  const entry = path.join(work, 'entry.ts');
  writeFileSync(
    entry,
    `import { mapStackTracesLazily } from ${JSON.stringify(path.join(repo, 'src/aws/lazy-source-maps.ts'))};
mapStackTracesLazily();

export function failDeepInside(reason: string): never {
  throw new RangeError(\`the move failed: \${reason}\`);
}

export const handler = async (event: { reason: string }) => {
  await Promise.resolve();
  return failDeepInside(event.reason);
};
`,
  );
  bundle = path.join(work, 'index.mjs');
  await build({
    entryPoints: [entry],
    bundle: true,
    outfile: bundle,
    platform: 'node',
    format: 'esm',
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    logLevel: 'silent',
  });
});
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

async function stackFrom(nodeOptions: string[] = []): Promise<string> {
  const script = `const m = await import(${JSON.stringify(pathToFileURL(bundle).href)});
await m.handler({ reason: 'no such cell' }).catch((error) => console.log(error.stack));`;
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [...nodeOptions, '--input-type=module', '-e', script],
    {
      cwd: work,
    },
  );
  return stdout;
}

describe('stack traces of a bundle, mapped on the first error', () => {
  it('name the source file, line, column and function of each frame inside the bundle', async () => {
    const stack = await stackFrom();
    expect(stack).toMatch(/^RangeError: the move failed: no such cell\n/);
    expect(stack).toContain(`at failDeepInside (${path.join(work, 'entry.ts')}:5:9)`);
    expect(stack).toMatch(/at .* \(.*entry\.ts:10:10\)/);
    expect(stack).not.toContain('index.mjs');
  });

  it('read as Node writes them with --enable-source-maps, which then maps them itself', async () => {
    const ours = await stackFrom();
    const nodes = await stackFrom(['--enable-source-maps']);
    // Only the caller's frame (the -e script) differs in name between the two runs.
    const inBundle = (stack: string) => stack.split('\n').filter((line) => line.includes('entry.ts'));
    expect(inBundle(ours)).toEqual(inBundle(nodes));
  });
});
