import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TicTacToe } from '../../games/tic-tac-toe.js';
import { DEFAULT_CONFIRM_TIMEOUT_MS } from '../../src/client/client-options.js';
import { connectGame, createLobbyClient, type GameClient, type LobbyClient } from '../../src/client/index.js';
import { timerFor } from '../../src/handlers/arm-turn-timer.js';
import { ORDERING_MODES, SWEEP_GRACE_MS } from '../../src/handlers/index.js';
import type { LocalFunctions } from '../../src/local/integrations.js';
import { type LocalServer, startLocalServer } from '../../src/local/server.js';
import type { AwsClientHook } from '../../src/local/wiring-aws-local.js';
import { jsonLogger, silentLogger } from '../../src/ports/index.js';
import { stateWhere } from '../client/support/events.js';
import { type FaultHooks, faultHooks, type SentCommand } from '../support/dynamo-faults.js';

/**
 * Faults where a settlement's work is most easily lost, injected into the real handlers on the real
 * AWS adapters (the aws-local wiring: dynalite, local SQS, the runtime's own @connections API), in both
 * ordering modes, with the SDK as a game uses it. After each fault nobody sends anything: every
 * connected player must hold the new state within the SDK's deadline (its `confirmTimeoutMs`), and a
 * timed match must still end, on its deadline, on a clock the test moves.
 *
 * - an UpdateItem that commits and then answers 500 (the SDK retries it into a failed condition);
 * - a crash between the write and the fan-out (the invocation dies in its first PostToConnection);
 * - a connections query that fails past every retry;
 * - a lost schedule (the timer never fires: the deadline sweep settles the turn);
 * - a scheduler fire that errors (the fire's own write path fails; the timer is fired again).
 */

/** The SDK's deadline in this suite: the default is 45 s, sized for AWS; the local runtime is quicker. */
const CONFIRM_TIMEOUT_MS = 15_000;
const RESEND_AFTER_MS = 500;

/** Time that runs, and that a test may push ahead (the local timers and the sweep read it). */
class ShiftedClock {
  offset = 0;
  now = () => Date.now() + this.offset;
}

interface Tally {
  sent: number;
  acked: number;
  applied: number;
  lost: number;
  duplicated: number;
}
const tallies: Record<string, Tally> = {};

afterAll(() => {
  // What the suite measured, fault by fault: every move sent was acked and applied once.
  console.log('fault injection: sent / acked / applied / lost / duplicated');
  console.table(tallies);
});

describe.each(ORDERING_MODES)('fault injection, %s mode (aws-local)', (orderingMode) => {
  let server: LocalServer;
  let lobby: LobbyClient;
  const clock = new ShiftedClock();
  const clients: GameClient<unknown>[] = [];
  let dynamo: FaultHooks | undefined;
  let sqs: FaultHooks | undefined;
  /** The next invocation that reaches its fan-out dies there (a crash between the write and the fan-out). */
  const crash = { armed: false, dead: false, kill: (): void => undefined };

  const onAwsClient: AwsClientHook = (client, service) => {
    if (service === 'DynamoDB') dynamo = faultHooks(client as DynamoDBClient);
    if (service === 'SQS') sqs = faultHooks(client);
    if (service !== 'ApiGatewayManagementApi') return;
    const stack = client.middlewareStack as unknown as { add(middleware: unknown, options: unknown): void };
    stack.add(
      (next: (args: unknown) => Promise<unknown>) => async (args: unknown) => {
        if (crash.armed) {
          crash.armed = false;
          crash.dead = true;
          crash.kill();
        }
        // A dead invocation sends nothing more, ever: it hangs where it was, as a crashed Lambda does.
        if (crash.dead) return new Promise(() => undefined);
        return next(args);
      },
      { step: 'finalizeRequest', priority: 'high', name: 'crash' },
    );
  };

  /** Invocations of the move route and the queue consumer that can die mid-flight. */
  const instrument = (functions: LocalFunctions): LocalFunctions => {
    const dies =
      <E, R>(fn: (event: E) => Promise<R>) =>
      async (event: E): Promise<R> => {
        const died = new Promise<never>((_, reject) => {
          crash.kill = () => reject(new Error('the invocation crashed'));
        });
        try {
          return await Promise.race([fn(event), died]);
        } finally {
          if (crash.dead) crash.dead = false;
        }
      };
    const { move } = functions.gateway.routes;
    return {
      ...functions,
      gateway: { ...functions.gateway, routes: { ...functions.gateway.routes, ...(move ? { move: dies(move) } : {}) } },
      queue: dies(functions.queue) as LocalFunctions['queue'],
    };
  };

  beforeAll(async () => {
    server = await startLocalServer({
      port: 0,
      wiring: 'aws-local',
      tokenSecret: 'x'.repeat(32),
      serveWeb: false,
      logger: process.env.DEBUG_FAULTS ? jsonLogger() : silentLogger,
      orderingMode,
      redeliveryDelayMs: 200,
      clock,
      onAwsClient,
      instrument,
    });
    lobby = createLobbyClient({ baseUrl: server.url });
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await server?.close();
  });

  async function table(timeControl?: { turnMs: number }) {
    const players = await Promise.all(
      ['alice', 'bob'].map(async (name) => {
        const { token } = await lobby.signIn(`${name}-${Math.random().toString(36).slice(2, 8)}`);
        return { token, lobby: lobby.withToken(token) };
      }),
    );
    const [alice, bob] = players as [(typeof players)[number], (typeof players)[number]];
    const match = await alice.lobby.createMatch({
      game: 'tic-tac-toe',
      join: true,
      ...(timeControl ? { timeControl } : {}),
    });
    await bob.lobby.join(match.id);
    const connect = async (token: string) => {
      const client = connectGame<TicTacToe>({
        url: server.wsUrl,
        matchId: match.id,
        token,
        backoff: { initialMs: 5, maxMs: 50 },
        confirmTimeoutMs: CONFIRM_TIMEOUT_MS,
        resendAfterMs: RESEND_AFTER_MS,
      });
      clients.push(client as GameClient<unknown>);
      await stateWhere(client, (state) => state.status === 'running');
      return client;
    };
    return { id: match.id, alice: await connect(alice.token), bob: await connect(bob.token) };
  }

  /** Every client holds a state at `version` or later, within the SDK's deadline; nobody sends anything. */
  async function everyoneSees(
    players: readonly GameClient<TicTacToe>[],
    version: number,
    withinMs = CONFIRM_TIMEOUT_MS,
  ) {
    const deadline = Date.now() + withinMs;
    await Promise.all(
      players.map((client) =>
        Promise.race([
          stateWhere(client, (state) => state.version >= version),
          new Promise((_, reject) =>
            setTimeout(() => reject(new Error('a player never saw the new state')), deadline - Date.now()),
          ),
        ]),
      ),
    );
  }

  async function tally(name: string, id: string, sent: string[], acked: number) {
    const log = (await lobby.moveLog(id)).moves;
    const applied = sent.filter((moveId) => log.some((entry) => entry.moveId === moveId)).length;
    const duplicated = sent.filter((moveId) => log.filter((entry) => entry.moveId === moveId).length > 1).length;
    tallies[`${orderingMode}: ${name}`] = {
      sent: sent.length,
      acked,
      applied,
      lost: sent.length - applied,
      duplicated,
    };
    expect({ applied, duplicated, acked }).toEqual({ applied: sent.length, duplicated: 0, acked: sent.length });
  }

  /** Plays a move under a fault: the mover's promise resolves, and everyone sees it. */
  async function moveUnder(name: string, arm: () => void) {
    const { id, alice, bob } = await table();
    const before = alice.state?.version ?? 0;
    arm();
    const ack = await alice.move.place({ cell: 4 });
    expect(ack.version).toBe(before + 1);
    await everyoneSees([alice, bob], ack.version);
    // The game goes on: the next move lands as usual.
    const next = await bob.move.place({ cell: 0 });
    await everyoneSees([alice, bob], next.version);
    await tally(name, id, [ack.id, next.id], 2);
  }

  const isMoveWrite = ({ commandName, input }: SentCommand) =>
    commandName === 'UpdateItemCommand' && String(input.UpdateExpression ?? '').includes('#Pending');

  it('an UpdateItem that commits and then answers 500: the settlement finds it applied and finishes it', async () => {
    await moveUnder('commit, then 500', () => dynamo?.failAfterCommit(isMoveWrite));
  });

  it('a crash between the write and the fan-out: a resend, or the redelivery, finishes the work', async () => {
    await moveUnder('crash after the write', () => {
      crash.armed = true;
    });
  });

  it('a connections query that fails past every retry: the settlement is done again', async () => {
    // Three SDK attempts per query, four handler attempts per fan-out: one whole fan-out fails.
    const connectionsQuery = ({ commandName, input }: SentCommand) =>
      commandName === 'QueryCommand' && input.IndexName === 'ByGameSessionId';
    await moveUnder('connections query fails', () => dynamo?.throttle(connectionsQuery, 12));
  });

  it('a scheduler fire that errors: fired again, the timed match ends on its deadline', async () => {
    // A turn long enough for the table to open and this read to come before its deadline on a loaded
    // machine: read after the timeout, the match would already be at the version this test waits for.
    const { id, alice, bob } = await table({ turnMs: 5_000 });
    const stored = await server.wiring.deps.matches.get(id);
    if (stored === undefined) throw new Error('no match');
    // The fire's own path fails past its retries: the read of the match (direct), the queue (fifo).
    if (orderingMode === 'direct') {
      const readsOfIt = ({ commandName, input }: SentCommand) =>
        commandName === 'GetItemCommand' && JSON.stringify(input.Key).includes(id);
      dynamo?.throttle(readsOfIt, 3 * 8);
    } else {
      sqs?.throttle(({ commandName }) => commandName === 'SendMessageCommand', 3 * 4);
    }
    // A fire that failed past the SDK's throttling backoff and our retries (seconds, more on a loaded
    // machine) is fired again by the timer loop: the SDK's own default deadline is the bound here.
    await everyoneSees([alice, bob], stored.match.version + 1, DEFAULT_CONFIRM_TIMEOUT_MS);
    for (const client of [alice, bob]) expect(client.state?.status).toBe('finished');
    const [entry] = (await lobby.moveLog(id)).moves;
    expect(entry).toMatchObject({ moveId: 'timeout:1', player: alice.state?.you });
    expect(entry?.at).toBeGreaterThanOrEqual(stored.match.clock?.deadline ?? 0);
    await tally('a fire that errors', id, [], 0);
  }, 60_000);
  // Last: it moves the clock ahead by minutes, which the local timers' pending wake-up does not follow.
  it('a lost schedule: the deadline sweep ends the timed match, every player told', async () => {
    const { id, alice, bob } = await table({ turnMs: 60_000 });
    const stored = await server.wiring.deps.matches.get(id);
    if (stored === undefined) throw new Error('no match');
    const timer = timerFor(id, stored.match, clock.now());
    if (timer === undefined) throw new Error('no timer');
    await server.wiring.deps.scheduler?.cancel(timer); // lost: it will never fire
    clock.offset += timer.dueAt - clock.now() + SWEEP_GRACE_MS;
    await server.deadlineSweep.sweep();
    await everyoneSees([alice, bob], stored.match.version + 1);
    for (const client of [alice, bob]) {
      expect(client.state).toMatchObject({ status: 'finished', result: { winners: [bob.state?.you] } });
    }
    const [entry] = (await lobby.moveLog(id)).moves;
    expect(entry).toMatchObject({ moveId: 'timeout:1', move: '$lost', player: alice.state?.you });
    expect(entry?.at).toBeGreaterThanOrEqual(timer.dueAt);
    await tally('lost schedule', id, [], 0);
  });
});
