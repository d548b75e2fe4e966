/**
 * Bots (README "Bots"): pure, depending only on the engine. A bot chooses from its player's view and
 * legal moves (choose.ts), never the state; the server seats them and settles their moves like anyone's.
 */
export { botInput, botMoves, botRandom, chooseBotMove, tableOf } from './choose.js';
export { MCTS_DEFAULTS, type MctsOptions, mctsBot } from './mcts-bot.js';
export { randomBot } from './random-bot.js';
export { BUILT_IN_BOTS, botNamed, botNames } from './registry.js';
export { type BotRequest, botOf, botPlayerId, botToAct, matchBotsFor, replaceLeaver, seatBots } from './seats.js';
