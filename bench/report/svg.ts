import type { RunResult } from '../run-one.js';
import { troubles } from './report.js';

/**
 * A hand-written SVG of the scaling sweep: accepted moves/s (left) and move→own-ack p99 (right)
 * against concurrent matches, one line per server, log scales, the 50 ms line dashed.
 */
const COLORS: Record<string, string> = {
  'turngate-embedded': '#d62728',
  'turngate-embedded-memory': '#e377c2',
  'turngate-aws-local': '#ff7f0e',
  colyseus: '#1f77b4',
  'colyseus-default': '#9ecae1',
  'boardgame-io': '#2ca02c',
  echo: '#7f7f7f',
};

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');

interface Panel {
  readonly x: number;
  readonly title: string;
  readonly value: (run: RunResult) => number;
  readonly threshold?: number;
}

const WIDTH = 1000;
const HEIGHT = 480;
const PANEL_W = 400;
const PANEL_H = 300;
const TOP = 60;

export function sweepChart(runs: readonly RunResult[], title: string): string {
  const sweep = runs.filter((run) => run.game === 'tic-tac-toe');
  const servers = [...new Set(sweep.map((run) => run.server))];
  const ns = [...new Set(sweep.map((run) => run.matches))].sort((a, b) => a - b);
  const panels: Panel[] = [
    { x: 70, title: 'accepted moves/s (log)', value: (run) => run.movesPerSecond },
    { x: 560, title: 'move → own ack p99, ms (log)', value: (run) => run.load.ownAckMs.p99, threshold: 50 },
  ];
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`,
    `<text x="${WIDTH / 2}" y="24" text-anchor="middle" font-size="16">${escapeXml(title)}</text>`,
  ];
  for (const panel of panels) parts.push(...drawPanel(panel, sweep, servers, ns));
  servers.forEach((server, index) => {
    const x = 70 + (index % 4) * 220;
    const y = HEIGHT - 28 + Math.floor(index / 4) * 18;
    parts.push(
      `<line x1="${x}" y1="${y - 4}" x2="${x + 24}" y2="${y - 4}" stroke="${COLORS[server] ?? '#000'}" stroke-width="3"/>`,
      `<text x="${x + 30}" y="${y}">${escapeXml(server)}</text>`,
    );
  });
  parts.push(
    `<text x="${WIDTH - 20}" y="${HEIGHT - 10}" text-anchor="end" fill="#555">hollow marker: moves or game setups unanswered for 5 s, or errors</text>`,
    '</svg>',
  );
  return `${parts.join('\n')}\n`;
}

function drawPanel(
  panel: Panel,
  runs: readonly RunResult[],
  servers: readonly string[],
  ns: readonly number[],
): string[] {
  const values = runs.map(panel.value).filter((value) => value > 0);
  if (panel.threshold) values.push(panel.threshold);
  const low = 10 ** Math.floor(Math.log10(Math.min(...values, 1)));
  const high = 10 ** Math.ceil(Math.log10(Math.max(...values, 10)));
  const nLow = Math.min(...ns);
  const nHigh = Math.max(...ns, nLow * 10);
  const sx = (n: number) => panel.x + (Math.log10(n / nLow) / Math.log10(nHigh / nLow || 10)) * PANEL_W;
  const sy = (v: number) => TOP + PANEL_H - (Math.log10(Math.max(v, low) / low) / Math.log10(high / low)) * PANEL_H;
  const out = [
    `<text x="${panel.x + PANEL_W / 2}" y="${TOP - 12}" text-anchor="middle">${escapeXml(panel.title)}</text>`,
    `<rect x="${panel.x}" y="${TOP}" width="${PANEL_W}" height="${PANEL_H}" fill="none" stroke="#333"/>`,
    `<text x="${panel.x + PANEL_W / 2}" y="${TOP + PANEL_H + 34}" text-anchor="middle">concurrent matches (2 bots each)</text>`,
  ];
  for (let decade = low; decade <= high; decade *= 10) {
    const y = sy(decade);
    out.push(
      `<line x1="${panel.x}" y1="${y}" x2="${panel.x + PANEL_W}" y2="${y}" stroke="#eee"/>`,
      `<text x="${panel.x - 6}" y="${y + 4}" text-anchor="end">${decade}</text>`,
    );
  }
  for (const n of ns) {
    out.push(`<text x="${sx(n)}" y="${TOP + PANEL_H + 16}" text-anchor="middle">${n}</text>`);
  }
  if (panel.threshold) {
    const y = sy(panel.threshold);
    out.push(
      `<line x1="${panel.x}" y1="${y}" x2="${panel.x + PANEL_W}" y2="${y}" stroke="#000" stroke-dasharray="6 4"/>`,
      `<text x="${panel.x + 4}" y="${y - 4}">${panel.threshold} ms</text>`,
    );
  }
  for (const server of servers) {
    const mine = runs.filter((run) => run.server === server).sort((a, b) => a.matches - b.matches);
    const color = COLORS[server] ?? '#000';
    const points = mine.map((run) => `${sx(run.matches).toFixed(1)},${sy(panel.value(run)).toFixed(1)}`);
    out.push(`<polyline points="${points.join(' ')}" fill="none" stroke="${color}" stroke-width="2.5"/>`);
    mine.forEach((run, index) => {
      const [x, y] = (points[index] ?? '0,0').split(',');
      // Hollow: the server lost moves or setups there, so its numbers describe a server that gave up.
      const lost = troubles(run) > 0;
      out.push(
        `<circle cx="${x}" cy="${y}" r="${lost ? 5 : 3.5}" fill="${lost ? 'white' : color}" stroke="${color}" stroke-width="2"/>`,
      );
    });
  }
  return out;
}
