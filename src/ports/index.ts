export * from './clock.js';
export * from './connection-store.js';
export * from './errors.js';
export * from './fanout.js';
export * from './game-store.js';
export * from './logger.js';
export * from './move-queue.js';
export * from './token-verifier.js';
