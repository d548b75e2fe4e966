/**
 * Child process entry: the bots. Receives a LoadPlan over IPC, plays N concurrent matches of two bots
 * each against the server at the given loopback port, random legal moves as fast as the server
 * answers, and reports accepted moves and latency histograms. It stops by itself at the end of the
 * window (and the runner kills it if it does not).
 */
import type { LoadPlan, LoadReport } from '../ipc.js';
import { runBurst } from './burst.js';
import { connections, type Driver, type OpenGame } from './driver.js';
import { driverFor } from './drivers/index.js';
import { LatencyHistogram } from './histogram.js';
import { MatchSlot, type Measurements } from './match-slot.js';

const send = (message: LoadReport): void => {
  process.send?.(message);
};

async function run(plan: LoadPlan): Promise<void> {
  const driver: Driver = await driverFor(plan.address);
  const startedAt = performance.now();
  const windowStart = startedAt + plan.warmupMs;
  const windowEnd = windowStart + plan.durationMs;
  const measurements: Measurements = {
    windowStart,
    windowEnd,
    moveTimeoutMs: plan.moveTimeoutMs,
    ownAck: new LatencyHistogram(),
    opponentUpdate: new LatencyHistogram(),
    gameSetup: new LatencyHistogram(),
    acceptedMoves: 0,
    games: 0,
    unansweredMoves: 0,
    failedSetups: 0,
    errors: 0,
    firstError: null,
  };
  // The window opens and closes on timers; closing is idempotent because the slots may finish first.
  let cpuAtStart = process.cpuUsage();
  let cpuDuringWindow: NodeJS.CpuUsage | null = null;
  const openWindow = (): void => {
    cpuAtStart = process.cpuUsage();
    send({ type: 'window-start' });
  };
  const closeWindow = (): void => {
    if (cpuDuringWindow !== null) return;
    cpuDuringWindow = process.cpuUsage(cpuAtStart);
    send({ type: 'window-end' });
  };
  const startTimer = setTimeout(openWindow, plan.warmupMs);
  const endTimer = setTimeout(closeWindow, plan.warmupMs + plan.durationMs);
  // Matches start spread over most of the warm-up, as players arrive over time, so that N lobby
  // requests and 2N connections do not all land in the same millisecond (a listen backlog of 511
  // would reset the rest, which would measure the burst, not the server).
  const slots = Array.from({ length: plan.matches }, () => new MatchSlot(driver, plan.game, measurements));
  const spacingMs = (plan.warmupMs * 0.75) / Math.max(1, plan.matches);
  const running: Promise<void>[] = [];
  const began = performance.now();
  for (const [index, slot] of slots.entries()) {
    const due = began + index * spacingMs;
    if (due - performance.now() >= 1) await new Promise((resolve) => setTimeout(resolve, due - performance.now()));
    running.push(slot.run());
  }
  await Promise.all(running);
  clearTimeout(startTimer);
  clearTimeout(endTimer);
  closeWindow();
  const cpu = cpuDuringWindow ?? { user: 0, system: 0 };
  await driver.close();
  const windowMs = plan.durationMs;
  send({
    type: 'result',
    result: {
      acceptedMoves: measurements.acceptedMoves,
      games: measurements.games,
      windowMs,
      ownAckMs: measurements.ownAck.summary(),
      opponentUpdateMs: measurements.opponentUpdate.summary(),
      gameSetupMs: measurements.gameSetup.summary(),
      unansweredMoves: measurements.unansweredMoves,
      failedSetups: measurements.failedSetups,
      errors: measurements.errors,
      firstError: measurements.firstError,
      peakConnections: connections.peak,
      loadGeneratorCores: Math.round(((cpu.user + cpu.system) / 1000 / windowMs) * 100) / 100,
    },
  });
}

/** Games opened at once while filling up: enough to keep the server busy, few enough not to time out. */
const IDLE_OPENERS = 32;
const IDLE_OPEN_TIMEOUT_MS = 15_000;
/** Filling up stops here whatever is open: a server that cannot take more is reported as it is. */
const IDLE_FILL_LIMIT_MS = 240_000;

/**
 * Opens games (two connections each, the server's own way, with its lobby calls and syncs) until
 * `count` connections are open, and holds them without a move: what an idle player costs the server.
 */
async function holdIdle(plan: LoadPlan, count: number): Promise<void> {
  const driver: Driver = await driverFor(plan.address);
  const began = performance.now();
  const held: OpenGame[] = [];
  const ignore = { state() {}, error() {} };
  let failedSetups = 0;
  let toOpen = Math.ceil(count / 2);
  const opener = async (): Promise<void> => {
    while (toOpen > 0 && performance.now() - began < IDLE_FILL_LIMIT_MS) {
      toOpen -= 1;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('timed out')), IDLE_OPEN_TIMEOUT_MS);
      });
      const opening = driver.open('tic-tac-toe', ignore);
      try {
        held.push(await Promise.race([opening, timeout]));
      } catch {
        failedSetups += 1;
        void opening.then((late) => late.close()).catch(() => {});
      } finally {
        clearTimeout(timer);
      }
    }
  };
  await Promise.all(Array.from({ length: IDLE_OPENERS }, opener));
  send({ type: 'idle-held', connections: connections.open, failedSetups, openMs: performance.now() - began });
  // Held until the runner, having read the server's memory, stops this process.
}

/** The burst row: every game opened first, then all moving at once (bench/load/burst.ts). */
async function burst(plan: LoadPlan, moves: number): Promise<void> {
  const driver: Driver = await driverFor(plan.address);
  const result = await runBurst(
    driver,
    { matches: plan.matches, moves, moveTimeoutMs: plan.moveTimeoutMs },
    { start: () => send({ type: 'window-start' }), end: () => send({ type: 'window-end' }) },
  );
  await driver.close();
  send({ type: 'burst', result });
}

const fail = (error: unknown): void => {
  send({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  setTimeout(() => process.exit(1), 100);
};

process.once('message', (plan: LoadPlan) => {
  if (plan.burstMoves !== undefined) {
    burst(plan, plan.burstMoves)
      .then(() => setTimeout(() => process.exit(0), 100))
      .catch(fail);
    return;
  }
  if (plan.idleConnections !== undefined) {
    holdIdle(plan, plan.idleConnections).catch(fail);
    return;
  }
  run(plan)
    .then(() => setTimeout(() => process.exit(0), 100))
    .catch(fail);
});
process.on('disconnect', () => process.exit(0));
