import { createDeadlineSweepHandler } from '../deadline-sweep-handler.js';
import { awsDeps } from '../wiring.js';

/** Lambda entry point: deps (and SDK clients) are built once per container, on the first run. */
export const handler = createDeadlineSweepHandler(awsDeps);
