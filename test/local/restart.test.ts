import { type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { moveIdDigest, type StateMessage } from '../../src/protocol/index.js';
import { freePort } from '../support/ports.js';
import { api, runningMatch, ScriptedClient, signIn } from './local-client.js';
import { startChild } from './server-process.js';

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });

const isState = (message: { type: string }): message is StateMessage => message.type === 'state';

describe('a restart of the real server process', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'turngate-restart-'));
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const child of children) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('loses no acknowledged move when killed mid-game, and players resume with sync', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const wsUrl = `ws://127.0.0.1:${port}/local`;
    children.push(await startChild(port, dataDir));

    const tokens = { alice: await signIn(url, 'alice'), bob: await signIn(url, 'bob') };
    const matchId = await runningMatch(url, 'tic-tac-toe', [tokens.alice, tokens.bob]);
    const connect = async () => ({
      alice: await ScriptedClient.connect(wsUrl, { game: matchId, token: tokens.alice }),
      bob: await ScriptedClient.connect(wsUrl, { game: matchId, token: tokens.bob }),
    });
    const play = async (client: ScriptedClient, id: string, seq: number, cell: number) => {
      client.send({ action: 'move', id, seq, move: 'place', args: { cell } });
      return (await client.next((m) => isState(m) && m.ack?.id === id, `ack ${id}`)) as StateMessage;
    };

    let clients = await connect();
    await play(clients.alice, 'a0', 1, 0);
    const acked = await play(clients.bob, 'b0', 1, 3);
    // One more move goes out and the process dies at once, with no chance to finish anything.
    clients.alice.send({ action: 'move', id: 'a1', seq: 2, move: 'place', args: { cell: 1 } });
    children[0]?.kill('SIGKILL');
    await exited(children[0] as ChildProcess);
    await Promise.all([clients.alice.waitClosed(), clients.bob.waitClosed()]);

    children.push(await startChild(port, dataDir));
    clients = await connect();
    // Tokens signed before the restart still verify: the secret was kept under the data dir.
    clients.alice.send({ action: 'sync' });
    const resumed = (await clients.alice.next(isState)) as StateMessage;
    expect(resumed.version).toBeGreaterThanOrEqual(acked.version);
    const settled = resumed.ledger?.recent ?? [];
    expect(settled[0]).toEqual({ seq: 1, digest: moveIdDigest('a0'), version: acked.version - 1 });
    // The client settles its unacknowledged move from the ledger. Settled before the kill: the ledger
    // holds its outcome, and a resend (same id and number) is dropped as a duplicate or answered with
    // that outcome, never applied again. Not settled: it is resent now and applies once (the state
    // showing it may carry the ack, or not if the old socket's copy was still queued and won).
    expect([1, 2]).toContain(resumed.ledger?.settled);
    clients.alice.send({ action: 'move', id: 'a1', seq: 2, move: 'place', args: { cell: 1 } });
    if (resumed.ledger?.settled === 1) {
      await clients.alice.next(
        (m) => isState(m) && (m.view as { board: (string | null)[] }).board[1] === 'X',
        'the state with a1',
      );
    } else {
      expect(settled[1]).toEqual({ seq: 2, digest: moveIdDigest('a1'), version: resumed.version });
    }
    await play(clients.bob, 'b1', 2, 4);
    const last = await play(clients.alice, 'a2', 3, 2);
    expect(last).toMatchObject({ status: 'finished', result: { winners: ['alice'] } });

    const log = await api<{ moves: { moveId: string; version: number }[] }>(url, `/api/matches/${matchId}/log`);
    expect(log.body.moves.map((move) => move.moveId)).toEqual(['a0', 'b0', 'a1', 'b1', 'a2']);

    // A graceful stop: SIGTERM finishes and exits cleanly.
    await Promise.all([clients.alice.close(), clients.bob.close()]);
    children[1]?.kill('SIGTERM');
    expect(await exited(children[1] as ChildProcess)).toBe(0);
  });
});
