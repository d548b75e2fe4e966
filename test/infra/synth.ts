import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CfnResource } from 'aws-cdk-lib';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { readConfig } from '../../infra/config.js';
import type { HandlerName } from '../../infra/handler-functions.js';
import { TurngateStack } from '../../infra/turngate-stack.js';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface Synthesized {
  readonly stack: TurngateStack;
  readonly template: Template;
  /** The cloud assembly directory (bundled assets live in `asset.<hash>/`). */
  readonly outdir: string;
  /** The logical id of a handler's AWS::Lambda::Function. */
  functionId(name: HandlerName): string;
  /** Removes the cloud assembly. */
  dispose(): void;
}

export interface SynthOptions {
  /** Run esbuild for every handler (slow-ish); otherwise CDK skips bundling and uses placeholders. */
  readonly bundle?: boolean;
  /** CDK context, as `cdk deploy -c key=value` would pass it. */
  readonly context?: Readonly<Record<string, string>>;
}

/**
 * Synthesizes the stack exactly as infra/app.ts does, into a temporary cloud assembly, with no
 * account, no region and no lookups: what `npm run synth` does on a fresh clone.
 */
export function synthTurngate(options: SynthOptions = {}): Synthesized {
  const outdir = mkdtempSync(path.join(tmpdir(), 'turngate-cdk-'));
  const app = new App({
    outdir,
    analyticsReporting: false,
    context: { ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }), ...options.context },
  });
  const stack = new TurngateStack(app, 'Turngate', {
    config: readConfig(app.node),
    projectRoot,
  });
  app.synth();
  const template = Template.fromStack(stack);
  return {
    stack,
    template,
    outdir,
    functionId: (name) => stack.getLogicalId(stack.handlers.get(name).node.defaultChild as CfnResource),
    dispose: () => rmSync(outdir, { recursive: true, force: true }),
  };
}

/** Resources of one type, by logical id. */
export type Resources = Record<string, { Type: string; Properties: Record<string, unknown>; [key: string]: unknown }>;

export function resourcesOf(template: Template, type: string): Resources {
  return template.findResources(type) as Resources;
}

/** Does a CloudFormation value mention a resource (by Ref or Fn::GetAtt) anywhere inside it? */
export function refersTo(value: unknown, logicalId: string): boolean {
  if (Array.isArray(value)) return value.some((item) => refersTo(item, logicalId));
  if (value === null || typeof value !== 'object') return false;
  const record = value as Record<string, unknown>;
  if (record.Ref === logicalId) return true;
  const getAtt = record['Fn::GetAtt'];
  if (Array.isArray(getAtt) && getAtt[0] === logicalId) return true;
  return Object.values(record).some((item) => refersTo(item, logicalId));
}

/** The only resource of a type that refers to a logical id; fails loudly when there is not exactly one. */
export function onlyOne(resources: Resources, description: string): [string, Resources[string]] {
  const entries = Object.entries(resources);
  if (entries.length !== 1) throw new Error(`expected exactly one ${description}, found ${entries.length}`);
  return entries[0] as [string, Resources[string]];
}
