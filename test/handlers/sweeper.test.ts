import { describe, expect, it } from 'vitest';
import { exampleGames } from '../../games/index.js';
import type { HandlerDeps } from '../../src/handlers/index.js';
import { gameRegistry, runSweeps, type Sweep, type SweeperDeps, sweeperDeps } from '../../src/handlers/index.js';
import { sqliteConnectionStore } from '../../src/local/sqlite/connection-store.js';
import { IN_MEMORY, openDatabase } from '../../src/local/sqlite/database.js';
import { sqliteGameStore } from '../../src/local/sqlite/game-store.js';
import { sqliteRetentionStore } from '../../src/local/sqlite/retention-store.js';
import { DEFAULT_RETENTION, type Logger, readRetentionPolicy } from '../../src/ports/index.js';

/** The sweeper runs every sweep of its list; one that fails is logged and does not stop the others. */
describe('the sweeper', () => {
  const db = openDatabase(IN_MEMORY);
  const logged: [string, string, Record<string, unknown> | undefined][] = [];
  const logger: Logger = {
    info: (event, fields) => logged.push(['info', event, fields]),
    warn: (event, fields) => logged.push(['warn', event, fields]),
    error: (event, fields) => logged.push(['error', event, fields]),
  };
  const deps: SweeperDeps = {
    games: gameRegistry(exampleGames),
    matches: sqliteGameStore(db),
    connections: sqliteConnectionStore(db),
    fanout: () => {
      throw new Error('nothing to send');
    },
    clock: { now: () => 1_000 },
    logger,
    retention: sqliteRetentionStore(db),
    retentionPolicy: DEFAULT_RETENTION,
  };

  it('runs each sweep in turn, logging a failed one and going on with the next', async () => {
    const ran: string[] = [];
    const sweep = (name: string, fail = false): Sweep => ({
      name,
      async run(_deps, run) {
        ran.push(name);
        expect(run.deadline).toBeGreaterThan(run.now);
        if (fail) throw new Error('the table is on fire');
        return { looked: 2, changed: 1 };
      },
    });
    const reports = await runSweeps(deps, [sweep('first'), sweep('broken', true), sweep('last')]);
    expect(ran).toEqual(['first', 'broken', 'last']);
    expect(reports).toEqual([
      { sweep: 'first', looked: 2, changed: 1 },
      { sweep: 'broken', failed: true },
      { sweep: 'last', looked: 2, changed: 1 },
    ]);
    expect(logged).toContainEqual([
      'error',
      'sweep.failed',
      { sweep: 'broken', error: expect.stringContaining('on fire') },
    ]);
  });

  it('needs a retention store and policy from its composition root', () => {
    expect(() => sweeperDeps({ ...deps, retention: undefined } as unknown as HandlerDeps)).toThrow(/retention/);
  });

  it('reads its policy from durations, refusing what is not one', () => {
    expect(
      readRetentionPolicy({ abandonWaitingAfter: '30m', abandonIdleAfter: '2d', keepFinishedFor: 'forever' }),
    ).toEqual({ waitingMs: 30 * 60_000, idleMs: 2 * 86_400_000, finishedMs: null });
    expect(readRetentionPolicy({})).toEqual(DEFAULT_RETENTION);
    expect(() => readRetentionPolicy({ abandonIdleAfter: 'forever' })).toThrow(/abandonIdleAfter/);
    expect(() => readRetentionPolicy({ keepFinishedFor: '10s' })).toThrow(/at least a minute/);
    expect(() => readRetentionPolicy({ abandonWaitingAfter: '1 day' })).toThrow(/abandonWaitingAfter/);
  });
});
