/**
 * `npx tsx bench/profile-summary.ts <file.cpuprofile> [top]`: where a server's CPU went, from the
 * V8 profiles that `BENCH_CPU_PROF=<dir> npm run bench` writes. Prints self time by function and by
 * package or source folder, so a slow pipeline can be explained without opening DevTools.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The checkout the profiled server ran from (a worktree need not be /work/main). */
const ROOT = fileURLToPath(new URL('../', import.meta.url));
/** The checkout, and the compiled server's folder in it when the bench built one (server-build.ts). */
const ROOT_PREFIX = new RegExp(`^.*?${ROOT.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:\\.cache/bench-server-\\d+/)?`);

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}
interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** node_modules/<package> or the repository folder a frame belongs to. */
export function areaOf(url: string): string {
  if (url === '') return '(native / idle / gc)';
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) return modules[1] as string;
  if (url.startsWith('node:')) return url;
  const source = /^((?:src|bench|games)\/[^/]+)/.exec(url.replace(ROOT_PREFIX, ''));
  return source ? (source[1] as string) : url;
}

export function summarize(profile: Profile, top = 25): string {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, index) => {
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0));
  });
  const total = [...selfUs.values()].reduce((sum, us) => sum + us, 0);
  const byFunction = new Map<string, number>();
  const byArea = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)?.callFrame;
    if (!frame) continue;
    const name = `${frame.functionName || '(anonymous)'} ${frame.url.replace(ROOT_PREFIX, '')}:${frame.lineNumber + 1}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + us);
    const area = areaOf(frame.url);
    byArea.set(area, (byArea.get(area) ?? 0) + us);
  }
  const lines = (map: Map<string, number>) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(
        ([name, us]) =>
          `${((us / total) * 100).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(6)} ms  ${name}`,
      )
      .join('\n');
  const inclusive = inclusiveBySource(profile, byId, selfUs);
  return `total sampled: ${(total / 1000).toFixed(0)} ms\n\nself time by area\n${lines(byArea)}\n\nself time by function\n${lines(
    byFunction,
  )}\n\ninclusive time of turngate's own functions (src/)\n${lines(inclusive)}`;
}

/** Time spent in each src/ function including its callees, counted once per stack (recursion-safe). */
function inclusiveBySource(
  profile: Profile,
  byId: Map<number, ProfileNode>,
  selfUs: Map<number, number>,
): Map<string, number> {
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const result = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const seen = new Set<string>();
    for (let current: number | undefined = id; current !== undefined; current = parent.get(current)) {
      const frame = byId.get(current)?.callFrame;
      if (!frame?.url.replace(ROOT_PREFIX, '').startsWith('src/')) continue;
      const name = `${frame.functionName || '(anonymous)'} ${frame.url.replace(ROOT_PREFIX, '')}`;
      if (seen.has(name)) continue;
      seen.add(name);
      result.set(name, (result.get(name) ?? 0) + us);
    }
  }
  return result;
}

if (process.argv[1]?.endsWith('profile-summary.ts')) {
  const [file, top] = process.argv.slice(2);
  if (!file) throw new Error('usage: tsx bench/profile-summary.ts <file.cpuprofile> [top]');
  console.log(summarize(JSON.parse(readFileSync(file, 'utf8')) as Profile, Number(top ?? 25)));
}
