import { ticTacToe } from './games/tic-tac-toe.js';
import { createMatch, seatPlayer, applyMove, type Match } from './src/engine/index.js';
import { chooseBotMove } from './src/bots/index.js';
let wins = 0, draws = 0, losses = 0;
const t = performance.now();
for (let g = 0; g < Number(process.argv[2] ?? 10); g++) {
  let m: Match = (createMatch(ticTacToe, { seed: 'g' + g, seats: 2 }) as any).value;
  const players = g % 2 === 0 ? ['bot:mcts', 'bot:random'] : ['bot:random', 'bot:mcts'];
  for (const p of players) m = (seatPlayer(ticTacToe, m, p) as any).value;
  while (m.status === 'running') {
    const p = m.activePlayers[0]!;
    const name = p === 'bot:mcts' ? 'mcts' : 'random';
    const c = chooseBotMove(ticTacToe, m, p, name)!;
    const r = applyMove(ticTacToe, m, { player: p, ...c });
    if (!r.ok) throw new Error(JSON.stringify(r));
    m = r.value;
  }
  const res = m.result as any;
  if ('draw' in res) draws++; else if (res.winners.includes('bot:mcts')) wins++; else losses++;
}
console.log({ wins, draws, losses, ms: performance.now() - t });
