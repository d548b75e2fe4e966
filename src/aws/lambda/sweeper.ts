import { exampleGames } from '../../../games/index.js';
import { sweeperFunction } from '../lambda-functions.js';

/** Lambda entry point: deps (and SDK clients) are built once per container, at cold start. */
export const handler = sweeperFunction({ games: exampleGames });
