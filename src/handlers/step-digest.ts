import { createHash } from 'node:crypto';
import type { TextDigest } from '../engine/index.js';

/**
 * The engine's match fingerprint digest (SHA-256, base64url) computed by Node's crypto: the same
 * digest as the engine's portable one, which a browser's replay viewer checks it with, at a fraction
 * of the CPU. Every logged step computes one, so the handlers pass this one to the engine.
 */
export const stepDigest: TextDigest = (text) => createHash('sha256').update(text, 'utf8').digest('base64url');
