import type { RunningServer } from './running-server.js';

/** Placeholder until the local runtime lands (src/local startLocalServer). */
export async function startTurngateServer(wiring: 'embedded' | 'aws-local'): Promise<RunningServer> {
  throw new Error(`turngate ${wiring}: the local runtime is not available yet`);
}
