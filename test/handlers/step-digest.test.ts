import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, portableDigest } from '../../src/engine/index.js';
import { stepDigest } from '../../src/handlers/step-digest.js';

/**
 * The server fingerprints each step with Node's crypto; a browser's replay viewer checks those
 * fingerprints with the engine's portable digest. If the two ever differed, every replay would fail.
 */
describe('the step digest the handlers use', () => {
  it('is the engine portable digest, on any text and on canonical JSON of any value', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => {
        expect(stepDigest(text)).toBe(portableDigest(text));
      }),
    );
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
        const text = canonicalJson(value);
        expect(stepDigest(text)).toBe(portableDigest(text));
      }),
    );
    // Lone surrogates: both encode them as U+FFFD (TextEncoder and Buffer alike).
    expect(stepDigest('\ud800x')).toBe(portableDigest('\ud800x'));
    expect(stepDigest('')).toHaveLength(43);
  });
});
