import { disconnectFunction } from '../lambda-functions.js';

/** Lambda entry point: deps (and SDK clients) are built once per container, at cold start; it serves no game. */
export const handler = disconnectFunction();
