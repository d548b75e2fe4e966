import type { DevState, LobbyClient, MoveLogEntry } from '../../../src/client/index.js';

export interface StateFeed {
  /** The match's log so far, oldest first, every arg whole. */
  readonly log: readonly MoveLogEntry[];
  /** Loads `position` (steps from the start; `null`: the match now) and the log's new entries. */
  load(position: number | null): void;
  close(): void;
}

/**
 * What the debug panel shows, from the development endpoint (`lobby.devState`): one load at a time,
 * where asks made while one runs are served by one more load after it, of the last position asked;
 * the log kept whole, each load reading only what is new.
 */
export function createStateFeed(
  lobby: LobbyClient,
  matchId: string,
  first: DevState,
  loaded: (state: DevState, position: number | null) => void,
  failed: (error: unknown) => void,
): StateFeed {
  const log: MoveLogEntry[] = [...first.log];
  let wanted: number | null = null;
  let stale = false;
  let closed = false;
  let loading: Promise<void> = Promise.resolve();

  async function read(position: number | null): Promise<void> {
    const at = position === null ? undefined : position === 0 ? 0 : (log[position - 1] as MoveLogEntry).version;
    const ask = (after: number) => lobby.devState(matchId, { after, ...(at !== undefined && { at }) });
    let answer = await ask(log.at(-1)?.version ?? 0);
    log.push(...answer.log);
    while (answer.next !== null) {
      answer = await ask(answer.next);
      log.push(...answer.log);
    }
    if (!closed) loaded(answer, position);
  }

  return {
    log,
    load(position) {
      wanted = position;
      stale = true;
      loading = loading.then(async () => {
        if (!stale || closed) return;
        stale = false;
        await read(wanted).catch(failed);
      });
    },
    close: () => {
      closed = true;
    },
  };
}
