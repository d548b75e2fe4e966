import { exampleGames } from '../../../games/index.js';
import { deadlineSweepFunction } from '../lambda-functions.js';

/** Lambda entry point: deps (and SDK clients) are built once per container, on the first run. */
export const handler = deadlineSweepFunction({ games: exampleGames });
