/**
 * Child process entry: the bots. Receives a LoadPlan over IPC, plays N concurrent matches of two bots
 * each against the server at the given loopback port, random legal moves as fast as the server
 * answers, and reports accepted moves and latency histograms. It stops by itself at the end of the
 * window (and the runner kills it if it does not).
 */
import type { LoadPlan, LoadReport } from '../ipc.js';
import { connections, type Driver } from './driver.js';
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

process.once('message', (plan: LoadPlan) => {
  run(plan)
    .then(() => setTimeout(() => process.exit(0), 100))
    .catch((error: unknown) => {
      send({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      setTimeout(() => process.exit(1), 100);
    });
});
process.on('disconnect', () => process.exit(0));
