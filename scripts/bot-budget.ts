/**
 * What bots and legal moves cost on this machine, for each example game: the bytes a state message's
 * `legalMoves` takes (the largest seen), and how long the random and search bots take to choose (the
 * median and the largest), over seeded matches that bots play to the end, the search bot in the
 * first seat. Run: `npx tsx scripts/bot-budget.ts [matches per game, default 4]`. Figures depend on
 * the machine and its load: README "Bots" says where its figures came from.
 */
import { performance } from 'node:perf_hooks';
import { exampleGames } from '../games/index.js';
import { chooseBotMove } from '../src/bots/index.js';
import { type AnyGame, applyMove, createMatch, legalMoves, type Match, seatPlayer } from '../src/engine/index.js';

const matches = Number(process.argv[2] ?? 4);

function started(game: AnyGame, seed: string, players: readonly string[]): Match {
  let match = unwrap(createMatch(game, { seed, seats: players.length }));
  for (const player of players) match = unwrap(seatPlayer(game, match, player, 0));
  return match;
}

function unwrap<T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

const quantile = (values: readonly number[], q: number): number =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))] ?? 0;

for (const game of exampleGames) {
  const seats = game.players.max;
  const players = ['bot:mcts:1', ...Array.from({ length: seats - 1 }, (_, i) => `bot:random:${i + 2}`)];
  const times: Record<string, number[]> = { mcts: [], random: [] };
  let largest = 0;
  for (let round = 0; round < matches; round++) {
    let match = started(game, `budget-${round}`, players);
    while (match.status === 'running') {
      const player = match.activePlayers[0] as string;
      for (const seated of match.players) {
        largest = Math.max(largest, JSON.stringify(legalMoves(game, match, seated)).length);
      }
      const bot = player.startsWith('bot:mcts') ? 'mcts' : 'random';
      const before = performance.now();
      const chosen = chooseBotMove(game, match, player, bot);
      times[bot]?.push(performance.now() - before);
      if (chosen === undefined) throw new Error(`${game.name}: ${bot} found no move`);
      match = unwrap(applyMove(game, match, { player, ...chosen }));
    }
  }
  const ms = (values: readonly number[]) =>
    `median ${quantile(values, 0.5).toFixed(1)} ms, largest ${Math.max(...values).toFixed(1)} ms (${values.length} choices)`;
  console.log(`${game.name} (${seats} seats): legalMoves up to ${largest} bytes`);
  console.log(`  mcts:   ${ms(times.mcts ?? [])}`);
  console.log(`  random: ${ms(times.random ?? [])}`);
}
