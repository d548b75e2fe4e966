export * from './webhook-notifier.js';
export * from './webhook-signature.js';
