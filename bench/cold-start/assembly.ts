/**
 * The Lambda functions of the cloud assembly `npm run synth` writes: each one's bundle (the very
 * index.mjs CDK would upload) and its environment as the stack sets it.
 */
import { execFile } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export interface BundledFunction {
  /** The handler's name, as infra/handler-functions.ts names it (`move`, `default`, `sweeper`…). */
  readonly name: string;
  readonly bundle: string;
  readonly bundleBytes: number;
  readonly sourceMapBytes: number;
  /** Literal values as synthesized; references (tables, the secret, the API) as CloudFormation objects. */
  readonly environment: Readonly<Record<string, unknown>>;
}

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

/** `npm run synth` (`cdk synth --quiet`) into `outDir`: eight esbuild runs, a minute on a busy 2-core box. */
export async function synthInto(outDir: string): Promise<void> {
  await promisify(execFile)('npx', ['cdk', 'synth', '--quiet', '--output', outDir], {
    cwd: projectRoot,
    maxBuffer: 16 * 1024 * 1024,
  });
}

interface TemplateFunction {
  readonly Type: string;
  readonly Metadata?: Record<string, unknown>;
  readonly Properties: { readonly Environment?: { readonly Variables?: Record<string, unknown> } };
}

/**
 * turngate's functions in the assembly: every Lambda function whose environment names the games
 * table (CDK's own deploy-time helpers do not). The name comes from the construct id, e.g.
 * `HandlersMove81880D10` → `move`, `HandlersDefaultRoute…` → `default`.
 */
export function bundledFunctions(assemblyDir: string, stack = 'Turngate'): BundledFunction[] {
  const template = JSON.parse(readFileSync(join(assemblyDir, `${stack}.template.json`), 'utf8')) as {
    Resources: Record<string, TemplateFunction>;
  };
  return Object.entries(template.Resources)
    .filter(([, resource]) => resource.Type === 'AWS::Lambda::Function')
    .filter(([, resource]) => resource.Properties.Environment?.Variables?.GAMES_TABLE !== undefined)
    .map(([logicalId, resource]) => {
      const asset = resource.Metadata?.['aws:asset:path'];
      if (typeof asset !== 'string') throw new Error(`${logicalId}: no asset path in its metadata`);
      const bundle = join(assemblyDir, asset, 'index.mjs');
      return {
        name: functionName(logicalId),
        bundle,
        bundleBytes: statSync(bundle).size,
        sourceMapBytes: statSync(`${bundle}.map`).size,
        environment: resource.Properties.Environment?.Variables ?? {},
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

function functionName(logicalId: string): string {
  const construct = logicalId.replace(/[0-9A-F]{8}$/, '').replace(/^.*(Handlers|Functions)/, '');
  if (construct === 'DefaultRoute') return 'default';
  return construct.replace(/[A-Z]/g, (letter, index: number) => `${index > 0 ? '-' : ''}${letter.toLowerCase()}`);
}
