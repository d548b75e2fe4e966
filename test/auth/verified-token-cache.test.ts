import { describe, expect, it } from 'vitest';
import { createTokenVerifier } from '../../src/auth/index.js';
import { config, hs256 } from './tokens.js';

/** The verifier remembers good verdicts until the token's own expiry, and nothing else. */
describe('remembered verdicts', () => {
  const clockAt = (start: number) => {
    let time = start;
    return { now: () => time, advance: (ms: number) => (time += ms) };
  };

  it('a remembered token still expires at its exp', async () => {
    const clock = clockAt(Date.now());
    const verifier = createTokenVerifier(config, { now: clock.now });
    const token = await hs256({ sub: 'alice', exp: '1h' });
    await expect(verifier.verify(token)).resolves.toEqual({ userId: 'alice' });
    clock.advance(30 * 60 * 1000);
    await expect(verifier.verify(token)).resolves.toEqual({ userId: 'alice' });
    clock.advance(31 * 60 * 1000);
    await expect(verifier.verify(token)).resolves.toBeUndefined();
  });

  it('a refused token is refused again, and a good one beside it is not confused with it', async () => {
    const verifier = createTokenVerifier(config);
    const good = await hs256({ sub: 'alice' });
    const forged = `${good.slice(0, -2)}${good.endsWith('AA') ? 'BB' : 'AA'}`;
    await expect(verifier.verify(good)).resolves.toEqual({ userId: 'alice' });
    await expect(verifier.verify(forged)).resolves.toBeUndefined();
    await expect(verifier.verify(forged)).resolves.toBeUndefined();
    await expect(verifier.verify(good)).resolves.toEqual({ userId: 'alice' });
  });
});
