import { buildWebAssets } from '../web/build.js';
import { hostedLayout, writeLayout } from './web-assets.js';

/**
 * `tsx infra/write-web-assets.ts <dir>`: builds the web UI as `npm start` serves it and writes its
 * hosted layout into <dir>. CDK asset bundling is synchronous and the build is not, so the stack
 * (infra/web-hosting.ts) runs this as a child process.
 */
const outputDir = process.argv[2];
if (!outputDir) throw new Error('usage: tsx infra/write-web-assets.ts <output directory>');
writeLayout(hostedLayout(await buildWebAssets()), outputDir);
