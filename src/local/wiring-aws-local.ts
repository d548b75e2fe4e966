import type { LocalConfig } from './config.js';
import type { LocalWiring, WiringContext } from './wiring.js';
import type { CommonWiringOptions } from './wiring-embedded.js';

export interface AwsLocalWiringOptions extends CommonWiringOptions {
  readonly config: LocalConfig;
}

export async function awsLocalWiring(_options: AwsLocalWiringOptions, _context: WiringContext): Promise<LocalWiring> {
  throw new Error('aws-local wiring: not built yet');
}
