export * from './dev-sign-in.js';
export * from './jwt.js';
export * from './token-claims.js';
