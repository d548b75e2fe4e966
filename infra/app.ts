import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { App } from 'aws-cdk-lib';
import { readConfig } from './config.js';
import { TurngateStack } from './turngate-stack.js';

/**
 * The CDK app (cdk.json runs it with tsx). No `env`: the stack is environment-agnostic, so synth
 * needs no account, no region and no lookups; `cdk deploy` fills them from the caller's credentials.
 */
const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const app = new App({ analyticsReporting: false });
new TurngateStack(app, 'Turngate', {
  description: 'turngate: turn-based multiplayer games over WebSockets',
  config: readConfig(app.node),
  projectRoot,
});
app.synth();
