/** The files `turngate init` writes, besides package.json. Kept as text: they are the user's to edit. */

export const GAMES_TS = `import { defineGame, invalid, type PlayerId } from 'turngate';
import * as z from 'zod';

export interface NimState {
  /** Stones left on the pile. */
  readonly pile: number;
  /** Who took the last stones, so far. */
  readonly lastTaker: PlayerId | null;
}

/** Nim: take one to three stones in turn; whoever takes the last stone wins. */
export const nim = defineGame({
  name: 'nim',
  players: { min: 2, max: 2 },
  setup: (): NimState => ({ pile: 15, lastTaker: null }),
  moves: {
    take: {
      // The schema validates what arrives over the wire and types \`client.move.take({ count })\`.
      args: z.object({ count: z.number().int().min(1).max(3) }),
      apply(state, { count }, ctx) {
        if (count > state.pile) return invalid(\`only \${state.pile} stones are left\`);
        return { pile: state.pile - count, lastTaker: ctx.currentPlayer };
      },
    },
  },
  endIf: (state) => (state.pile === 0 && state.lastTaker !== null ? { winners: [state.lastTaker] } : undefined),
});

/** What \`turngate dev\` serves: every game of this project. */
export default [nim];
`;

export const GAMES_TEST_TS = `import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyMove, createMatch, type Match, type Result, seatPlayer } from 'turngate';
import { nim } from './games.js';

const unwrap = <T>(result: Result<T>): T => {
  if (!result.ok) throw new Error(\`\${result.error.code}: \${result.error.message}\`);
  return result.value;
};

/** A running match of nim between ann and bob (a full table starts it). */
function newMatch(): Match {
  let match = unwrap(createMatch(nim, { seed: 'test' }));
  for (const player of ['ann', 'bob']) match = unwrap(seatPlayer(nim, match, player));
  return match;
}

test('players take turns, and whoever takes the last stone wins', () => {
  let match = newMatch();
  for (let turn = 0; turn < 5; turn++) {
    const player = match.currentPlayer ?? '';
    match = unwrap(applyMove(nim, match, { player, move: 'take', args: { count: 3 } }));
  }
  assert.equal(match.status, 'finished');
  assert.deepEqual(match.result, { winners: ['ann'] });
});

test('taking more than three stones is refused', () => {
  const result = applyMove(nim, newMatch(), { player: 'ann', move: 'take', args: { count: 4 } });
  assert.equal(result.ok, false);
});

test('only the player whose turn it is may move', () => {
  const result = applyMove(nim, newMatch(), { player: 'bob', move: 'take', args: { count: 1 } });
  assert.deepEqual(result.ok ? undefined : result.error.code, 'not_your_turn');
});
`;

export const TSCONFIG_JSON = `{
  "compilerOptions": {
    "target": "ES2022",
    "module": "NodeNext",
    "moduleResolution": "NodeNext",
    "lib": ["ES2023"],
    "strict": true,
    "noUncheckedIndexedAccess": true,
    "skipLibCheck": true,
    "noEmit": true,
    "types": ["node"]
  },
  "include": ["src"]
}
`;

export const GITIGNORE = `node_modules/
data/
cdk.out/
`;

export const readme = (name: string): string => `# ${name}

A turn-based multiplayer game on [turngate](https://www.npmjs.com/package/turngate).

\`\`\`sh
npm install
npm run dev     # the web UI at http://127.0.0.1:8787: sign in, create a match, open a second tab to play
npm test        # the rules' tests
\`\`\`

The games are in \`src/games.ts\`; \`npm run dev\` restarts when it changes.
`;
