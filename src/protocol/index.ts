export * from './bounds.js';
export * from './client-frames.js';
export * from './error-codes.js';
export * from './limits.js';
export * from './move-log.js';
export * from './queued-move.js';
export * from './server-messages.js';
