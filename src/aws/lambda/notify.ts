import { notifyFunction } from '../lambda-functions.js';

/** Lambda entry point: the notice queue's consumer. */
export const handler = notifyFunction();
