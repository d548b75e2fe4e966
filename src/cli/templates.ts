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
import { testMatch } from 'turngate/testing';
import { nim } from './games.js';

// testMatch seats the players (a full table starts the match) and plays moves as the server would.
// Moves and their arguments are checked against the game at compile time (npm run typecheck).

test('players take turns, and whoever takes the last stone wins', () => {
  const match = testMatch(nim, { players: ['ann', 'bob'] });
  for (const player of ['ann', 'bob', 'ann', 'bob'] as const) match.play(player, 'take', { count: 3 });
  const state = match.play('ann', 'take', { count: 3 });
  assert.equal(state.pile, 0);
  assert.deepEqual(match.result, { winners: ['ann'] });
});

test('taking more than three stones is refused', () => {
  const match = testMatch(nim, { players: ['ann', 'bob'] });
  const refused = match.attempt('ann', 'take', { count: 4 });
  assert.equal(refused.ok ? undefined : refused.error.code, 'bad_args');
});

test('only the player whose turn it is may move', () => {
  const match = testMatch(nim, { players: ['ann', 'bob'] });
  const refused = match.attempt('bob', 'take', { count: 1 });
  assert.equal(refused.ok ? undefined : refused.error.code, 'not_your_turn');
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
