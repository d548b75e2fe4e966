import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface TurngatePackage {
  readonly root: string;
  readonly version: string;
  readonly dependencies: Readonly<Record<string, string>>;
  readonly devDependencies: Readonly<Record<string, string>>;
  readonly peerDependencies: Readonly<Record<string, string>>;
}

/**
 * turngate's own package.json, found by walking up from this file: the same code runs from src/ (this
 * repository, under tsx) and from dist/src/ (the published package), one directory deeper.
 */
export function turngatePackage(): TurngatePackage {
  let directory = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const file = join(directory, 'package.json');
    if (existsSync(file)) {
      const json = JSON.parse(readFileSync(file, 'utf8')) as Partial<TurngatePackage> & { name?: string };
      if (json.name === 'turngate') {
        return {
          root: directory,
          version: json.version ?? '0.0.0',
          dependencies: json.dependencies ?? {},
          devDependencies: json.devDependencies ?? {},
          peerDependencies: json.peerDependencies ?? {},
        };
      }
    }
    const parent = dirname(directory);
    if (parent === directory) throw new Error('turngate: cannot find its own package.json');
    directory = parent;
  }
}
