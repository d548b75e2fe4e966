import { exampleGames } from './games/index.js';
import { createMatch, seatPlayer, applyMove, type Match } from './src/engine/index.js';
import { chooseBotMove } from './src/bots/index.js';
for (const game of exampleGames) {
  const t = performance.now(); let decisions = 0; let maxMs = 0; const wins: Record<string, number> = {};
  for (let g = 0; g < 4; g++) {
    let m: Match = (createMatch(game, { seed: 'g' + g, seats: game.players.max === 2 ? 2 : 4 }) as any).value;
    const players = ['bot:mcts', 'bot:random:1', 'bot:random:2', 'bot:random:3'].slice(0, m.seats);
    for (const p of players) m = (seatPlayer(game, m, p) as any).value;
    while (m.status === 'running') {
      const p = m.activePlayers[0]!;
      const s = performance.now();
      const c = chooseBotMove(game, m, p, p === 'bot:mcts' ? 'mcts' : 'random')!;
      const took = performance.now() - s; if (p === 'bot:mcts') { decisions++; maxMs = Math.max(maxMs, took); }
      const r = applyMove(game, m, { player: p, ...c });
      if (!r.ok) throw new Error(JSON.stringify(r));
      m = r.value;
    }
    const w = JSON.stringify(m.result); wins[w] = (wins[w] ?? 0) + 1;
  }
  console.log(game.name, { decisions, maxMs: maxMs.toFixed(0), avg: ((performance.now() - t) / decisions).toFixed(0), wins });
}
