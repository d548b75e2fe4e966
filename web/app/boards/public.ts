/**
 * `turngate/board`: what a developer needs to draw their game in turngate's web UI. A board module
 * calls `registerBoard` for its game; `turngate dev --board <module>` bundles it into the page.
 *
 * ```ts
 * import { registerBoard } from 'turngate/board';
 * import type { connectFour } from './games.js';
 *
 * registerBoard<typeof connectFour>('connect-four', (client, ui) => { … return { element, update } });
 * ```
 *
 * `registerGames([connectFour])` gives the page a game's rules, so its replay viewer recomputes a
 * finished match in the browser; `turngate dev` does it for the games module it serves.
 */
export type { GameClient, MatchState } from '../../../src/client/index.js';
export type { Board, BoardFactory, BoardUi } from './board.js';
export { registerGames } from './game-rules.js';
export { registerBoard } from './registry.js';
