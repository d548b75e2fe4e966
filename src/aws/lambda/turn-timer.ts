import { createTurnTimerHandler } from '../turn-timer-handler.js';
import { awsDeps } from '../wiring.js';

/** Lambda entry point: deps (and SDK clients) are built once per container, on the first timer. */
export const handler = createTurnTimerHandler(awsDeps);
