import type { GameClient, GameClientEvents } from '../../../src/client/index.js';

/** The next `event` whose payload satisfies `accept` (or the current state, if it already does). */
export function nextEvent<G, K extends keyof GameClientEvents<G>>(
  client: GameClient<G>,
  event: K,
  accept: (payload: GameClientEvents<G>[K]) => boolean = () => true,
): Promise<GameClientEvents<G>[K]> {
  return new Promise((resolve) => {
    const off = client.on(event, (payload) => {
      if (!accept(payload)) return;
      off();
      resolve(payload);
    });
  });
}

/** Resolves once the client holds a state satisfying `accept`, now or later. */
export function stateWhere<G>(
  client: GameClient<G>,
  accept: (state: NonNullable<GameClient<G>['state']>) => boolean,
): Promise<NonNullable<GameClient<G>['state']>> {
  const now = client.state;
  if (now !== null && accept(now)) return Promise.resolve(now);
  return nextEvent(client, 'state', accept);
}
