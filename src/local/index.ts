/** The local runtime's public API: start a server in-process (tests, the benchmark, browser tests). */
export { configFromEnvironment, type LocalConfig, type LocalConfigInput, localConfigSchema } from './config.js';
export type { LocalFunctions } from './integrations.js';
export { LocalFifoQueue, localMoveQueue } from './queue/fifo-queue.js';
export { type LocalServer, type LocalServerOptions, startLocalServer } from './server.js';
export type { LocalWiring, WiringName } from './wiring.js';
