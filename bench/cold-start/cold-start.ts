/**
 * The cold-start row: for each Lambda function of the synthesized stack, its bundle's size and how
 * long a fresh `node` process takes from its first line of JavaScript to a handler that has answered
 * its first event (importing the bundle, which builds the deps and SDK clients, then the event), with
 * the environment the stack sets. Node's own start-up is measured apart and not counted in.
 *
 * `npx tsx bench/cold-start/cold-start.ts [--assembly=cdk.out] [--baseline=other.out] [--runs=5]`
 * (without --assembly it runs `npm run synth` into a temporary folder first).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { type BundledFunction, bundledFunctions, synthInto } from './assembly.js';
import { firstEvent } from './events.js';
import { type Scenario, startScenario, type TokenClaims } from './scenario.js';

export interface ColdStartRow {
  readonly name: string;
  readonly bundleBytes: number;
  readonly sourceMapBytes: number;
  /** Medians over the runs, in ms: importing the bundle (Lambda's init), then answering the first event. */
  readonly importMs: number;
  readonly firstEventMs: number;
  /** import + first event, each run's sum, median: the row's figure. */
  readonly coldMs: number;
  /**
   * CPU time of the same span, median: on a shared machine, steadier than wall time (which waits for
   * a core), and what grows when a bundle does. Wall time also includes the local engines' answers.
   */
  readonly importCpuMs: number;
  readonly coldCpuMs: number;
  readonly runs: number;
  /** Why the function was not measured, or what its answers got wrong; absent when all is well. */
  readonly problem?: string;
}

export interface ColdStartResult {
  /** Median time from process start to the harness's first line in a bare `node` (not counted in any row). */
  readonly nodeStartMs: number;
  readonly rows: readonly ColdStartRow[];
  readonly loadAverage: number;
}

/** Precedes the child's marks on stdout, after whatever the handler logged there (its JSON log lines). */
const MARK = 'turngate-cold-start-marks:';

/**
 * The child: marks its first line, imports the bundle, answers the event, prints the three marks.
 * Everything it uses is built into Node, so the only module it loads is the bundle itself.
 */
const HARNESS = `
const began = performance.now();
const cpuAtStart = process.cpuUsage();
const cpuMs = () => { const used = process.cpuUsage(cpuAtStart); return (used.user + used.system) / 1000; };
const MARK = '\\n${MARK}';
const [bundle, eventJson, name] = process.argv.slice(2);
if (bundle === undefined) { process.stdout.write(MARK + JSON.stringify({ began })); process.exit(0); }
const { handler } = await import(bundle);
const loaded = performance.now();
const loadedCpu = cpuMs();
const context = {
  functionName: 'turngate-' + name, functionVersion: '$LATEST', memoryLimitInMB: '256',
  awsRequestId: 'cold-start', invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:turngate-' + name,
  logGroupName: '/aws/lambda/turngate-' + name, logStreamName: 'cold-start', callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => 10_000, done() {}, fail() {}, succeed() {},
};
let answer;
try { answer = await handler(JSON.parse(eventJson), context); }
catch (error) { answer = { thrown: String(error && error.stack || error) }; }
const answered = performance.now();
const answeredCpu = cpuMs();
process.stdout.write(MARK + JSON.stringify({ began, loaded, answered, loadedCpu, answeredCpu, answer }));
process.exit(0);
`;

interface Marks {
  readonly began: number;
  readonly loaded: number;
  readonly answered: number;
  /** CPU time the process spent (all its threads) from the first line to the import's end, and to the answer. */
  readonly loadedCpu: number;
  readonly answeredCpu: number;
  readonly answer: unknown;
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};
const round = (ms: number): number => Math.round(ms * 10) / 10;

export interface ColdStartOptions {
  /** A cloud assembly already synthesized (`cdk.out`); otherwise `npm run synth` runs into a temporary folder. */
  readonly assemblyDir?: string;
  /**
   * Another assembly (a build from before a change) measured in the same rounds, its rows named
   * `<function> (baseline)`: on a shared machine only runs interleaved this closely compare.
   */
  readonly baselineDir?: string;
  readonly runs: number;
  readonly log?: (line: string) => void;
}

export async function measureColdStarts(options: ColdStartOptions): Promise<ColdStartResult> {
  const log = options.log ?? (() => {});
  const work = mkdtempSync(join(tmpdir(), 'turngate-cold-'));
  try {
    let assemblyDir = options.assemblyDir;
    if (assemblyDir === undefined) {
      log('cold start: npm run synth (bundling every function)');
      assemblyDir = join(work, 'cdk.out');
      await synthInto(assemblyDir);
    }
    const baseline = options.baselineDir
      ? bundledFunctions(options.baselineDir).map((fn) => ({ ...fn, name: `${fn.name} (baseline)` }))
      : [];
    const functions = bundledFunctions(assemblyDir).flatMap((fn) => [
      ...baseline.filter((other) => other.name === `${fn.name} (baseline)`),
      fn,
    ]);
    const harness = join(work, 'harness.mjs');
    writeFileSync(harness, HARNESS);
    // Outside the repository, so nothing resolves from node_modules: the bundle stands alone, as on Lambda.
    const nodeStarts: number[] = [];
    for (let run = 0; run < Math.max(3, options.runs); run++) {
      nodeStarts.push(
        ((await runChild(harness, [], { PATH: process.env.PATH ?? '' }, work)) as { began: number }).began,
      );
    }
    const scenario = await startScenario(stackTokens(functions));
    const samples = new Map(functions.map((fn) => [fn.name, { marks: [] as Marks[], problems: [] as string[] }]));
    try {
      // Round by round, every function once per round: a burst of other work on a shared machine
      // then lands on all rows alike instead of on whichever function was being measured.
      for (let run = 0; run < options.runs; run++) {
        for (const fn of functions) await sampleOnce(fn, scenario, harness, work, samples.get(fn.name));
      }
    } finally {
      await scenario.close();
    }
    const rows = functions.map((fn) => rowOf(fn, samples.get(fn.name)));
    for (const row of rows) {
      log(
        `      ${row.name}: ${Math.round(row.bundleBytes / 1024)} KB, import ${row.importMs} ms + first event ${row.firstEventMs} ms${row.problem ? ` (${row.problem})` : ''}`,
      );
    }
    const { loadAverage } = await import('../process-sampler.js');
    return { nodeStartMs: round(median(nodeStarts)), rows, loadAverage: loadAverage() };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The issuer and audience the stack configures (the same for every function). */
function stackTokens(functions: readonly BundledFunction[]): TokenClaims {
  const env = functions[0]?.environment ?? {};
  const issuer = env.TOKEN_ISSUER;
  const audience = env.TOKEN_AUDIENCE;
  if (typeof issuer !== 'string' || typeof audience !== 'string')
    throw new Error('the stack sets no token issuer or audience');
  return { issuer, audience };
}

interface Samples {
  readonly marks: Marks[];
  readonly problems: string[];
}

/** One fresh process answering one event about a fresh match (no earlier run touched it). */
async function sampleOnce(
  fn: BundledFunction,
  scenario: Scenario,
  harness: string,
  cwd: string,
  samples: Samples | undefined,
): Promise<void> {
  if (samples === undefined) return;
  const match = await scenario.openMatch();
  try {
    const handler = fn.name.replace(/ \(baseline\)$/, '');
    const first = firstEvent(handler, scenario.stage, match);
    if (first === undefined) {
      samples.problems.push('no representative event');
      return;
    }
    const args = [pathToFileURL(fn.bundle).href, JSON.stringify(first.event), handler];
    const child = (await runChild(harness, args, scenario.environment(fn.environment), cwd)) as Marks;
    samples.marks.push(child);
    const wrong = first.check(child.answer);
    if (wrong !== undefined) samples.problems.push(wrong);
    if (first.applies !== undefined && (await scenario.lastMoveId(match.matchId)) !== first.applies) {
      samples.problems.push(`move ${first.applies} was not applied`);
    }
  } finally {
    match.close();
  }
}

function rowOf(fn: BundledFunction, samples: Samples | undefined): ColdStartRow {
  const marks = samples?.marks ?? [];
  const problems = [...new Set(samples?.problems ?? [])];
  const of = (value: (m: Marks) => number) => (marks.length === 0 ? 0 : round(median(marks.map(value))));
  return {
    name: fn.name,
    bundleBytes: fn.bundleBytes,
    sourceMapBytes: fn.sourceMapBytes,
    importMs: of((m) => m.loaded - m.began),
    firstEventMs: of((m) => m.answered - m.loaded),
    coldMs: of((m) => m.answered - m.began),
    importCpuMs: of((m) => m.loadedCpu),
    coldCpuMs: of((m) => m.answeredCpu),
    runs: marks.length,
    ...(problems.length > 0 ? { problem: problems.join('; ') } : {}),
  };
}

async function runChild(harness: string, args: string[], env: Record<string, string>, cwd: string): Promise<unknown> {
  const { stdout } = await promisify(execFile)(process.execPath, [harness, ...args], {
    cwd,
    env,
    timeout: 60_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  const at = stdout.lastIndexOf(MARK);
  if (at < 0) throw new Error(`the child printed no marks: ${stdout.slice(-500)}`);
  return JSON.parse(stdout.slice(at + MARK.length));
}

async function main(): Promise<void> {
  const flag = (name: string) => process.argv.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1];
  const result = await measureColdStarts({
    ...(flag('assembly') ? { assemblyDir: flag('assembly') } : {}),
    ...(flag('baseline') ? { baselineDir: flag('baseline') } : {}),
    runs: Number(flag('runs') ?? 5),
    log: (line) => console.log(line),
  });
  const { coldStartSection } = await import('../report/cold-start-table.js');
  console.log(`\n${coldStartSection(result)}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
