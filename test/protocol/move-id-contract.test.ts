import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MOVE_ID_CONTRACT, MOVE_WINDOW } from '../../src/protocol/index.js';

/**
 * The move id contract is one sentence, said word for word wherever a client author reads about ids:
 * the README, the protocol (the ledger's module and the frame's `id`), and the SDK. What it says is
 * checked by the exactly-once contract suite (test/contracts/exactly-once.contract.ts), on every
 * store and in both ordering modes: a repeat within the window applies nothing, an id older than the
 * window is forgotten.
 */
const WHERE = [
  'README.md',
  'src/protocol/move-ledger.ts',
  'src/protocol/client-frames.ts',
  'src/client/pending-moves.ts',
];

/** A file's prose with comment markers and line breaks folded away. */
const prose = (path: string): string =>
  readFileSync(path, 'utf8')
    .split('\n')
    .map((line) => line.replace(/^\s*(\/\*\*|\*\/|\*|\/\/|-)?\s?/, ''))
    .join(' ')
    .replace(/\s+/g, ' ');

describe('the move id contract', () => {
  it.each(WHERE)('is said word for word in %s', (path) => {
    expect(prose(path)).toContain(MOVE_ID_CONTRACT);
  });

  it('names the window the ledger keeps', () => {
    expect(MOVE_ID_CONTRACT).toContain(`your last ${MOVE_WINDOW} settled moves`);
  });
});
