import { describe, expect, it } from 'vitest';
import { measureLobbyReads } from '../../bench/cost/lobby-reads.js';

/**
 * What a page of the lobby costs DynamoDB on the aws-local wiring (bench/cost/lobby-reads.ts, whose
 * figures docs/deploy.md records): waiting matches come from the ByPhase projection with no read of
 * the matches, and every other match on a page costs at most half a read unit (an eventually
 * consistent read of an item under 4 KB), where a page of 20 cost 22.5 RRU before.
 */
describe('the lobby’s read units per listing (aws-local, dynalite)', () => {
  it('lists waiting matches from a projection, and reads the others at half a unit each', async () => {
    const { listings } = await measureLobbyReads(7);
    const [every, waiting, running, finished] = listings;
    expect(waiting).toMatchObject({ query: 'status=waiting', matches: 7 });
    expect(waiting?.readUnits).toBeLessThanOrEqual(1);
    expect(waiting?.requests).toEqual({ 'DynamoDB.Query': 1 });
    for (const other of [running, finished]) {
      expect(other?.matches).toBe(7);
      // One index query, and half a unit per match read.
      expect(other?.readUnits).toBeLessThanOrEqual(1 + 0.5 * 7);
    }
    // The newest 20 of every status (7 waiting, 7 running, 6 finished) and one more, which tells
    // whether a next page exists: one query per status, half a unit for each of the 14 not waiting.
    expect(every?.matches).toBe(20);
    expect(every?.readUnits).toBeLessThanOrEqual(1.5 + 0.5 * 14);
    expect(every?.requests['DynamoDB.Query']).toBe(3);
  }, 120_000);
});
