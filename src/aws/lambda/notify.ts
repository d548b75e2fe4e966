import { createNotifyHandler } from '../notify-handler.js';

/** Lambda entry point: the notice queue's consumer. */
export const handler = createNotifyHandler();
