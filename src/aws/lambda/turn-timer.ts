import { exampleGames } from '../../../games/index.js';
import { turnTimerFunction } from '../lambda-functions.js';

/** Lambda entry point: deps (and SDK clients) are built once per container, on the first timer. */
export const handler = turnTimerFunction({ games: exampleGames });
