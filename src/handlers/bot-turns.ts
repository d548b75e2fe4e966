import { botToAct, chooseBotMove } from '../bots/index.js';
import type { StoredMatch } from '../ports/index.js';
import { botMoveId, type QueuedBotTurn } from '../protocol/index.js';
import { describeError } from './log-fields.js';
import { withRetries } from './retry.js';
import type { SettleDeps } from './settle-and-announce.js';
import { ledgerOf, settleMove } from './settle-move.js';
import { type StepDecision, type SteppedBy, type SteppedOutcome, settleStep } from './settle-step.js';

/**
 * Bots in real matches (README "Bots"): a bot's move is a step of its seat in the match's own order,
 * settled like a player's move (settleMove: the seat's ledger judges it, the version condition makes
 * it exclusive) and logged with the seat's own move number and the id `bot:<turn>`, so a retried or
 * raced bot turn applies once: a second settlement of the same turn finds the version moved on, or
 * its id in the ledger. There is no server that runs bots: whoever writes a step after which a bot
 * may act sees that it does (continueBots), by the deployment's ordering mode:
 *
 * - `fifo`: a `bot_turn` message on the match's FIFO group (deduplicated per turn); the queue
 *   consumer settles one bot move per message, then sends the next while a bot may still act.
 * - `direct`: the invocation that wrote the step plays the bots' moves itself, at most
 *   MAX_BOT_STEPS_PER_INVOCATION in a row and none begun after BOT_CHAIN_MS; a longer chain goes on
 *   from the scheduler (a `bot` timer due at once), which plays the next ones the same way.
 *
 * Each bot move costs one choice, bounded by the bot's own budget (src/bots), and the write and
 * fan-out any move costs. A trigger lost to a crash between a write and its sending is recovered by
 * the next step anyone takes, and by any player's `sync` (requestBotTurn).
 */

export type BotDeps = SettleDeps;

/** Bot moves one invocation plays in a row in the `direct` mode before handing the chain to the scheduler. */
export const MAX_BOT_STEPS_PER_INVOCATION = 8;
/**
 * And it starts no bot move once it has spent this long on them: a route's function has 10 s
 * (infra/handler-functions.ts), and one choice of the search bot takes up to about a second on a
 * small Lambda (README "Bots").
 */
export const BOT_CHAIN_MS = 3_000;

/**
 * After a write: when a bot may act in the match as written, see that it does. Best effort, never
 * throws: the write stands, and a lost turn is asked for again by the next step or `sync`.
 */
export async function continueBots(deps: BotDeps, written: StoredMatch): Promise<void> {
  if (botToAct(written.match) === undefined) return;
  try {
    if (deps.ordering === 'fifo') await queueBotTurn(deps, written);
    else await playBotsHere(deps, written);
  } catch (error) {
    deps.logger.error('bot.continue_failed', { matchId: written.id, error: describeError(error) });
  }
}

/**
 * A bot may act but no step of this invocation's own is under way (a `sync`): the bot's turn is asked
 * for (the queue, or the scheduler), never played here. Best effort, never throws.
 */
export async function requestBotTurn(deps: RequestDeps, stored: StoredMatch): Promise<void> {
  if (botToAct(stored.match) === undefined) return;
  try {
    if (deps.ordering === 'fifo') await queueBotTurn(deps, stored);
    else await scheduleBotTurn(deps, stored);
  } catch (error) {
    deps.logger.error('bot.request_failed', { matchId: stored.id, error: describeError(error) });
  }
}

type RequestDeps = Pick<BotDeps, 'ordering' | 'queue' | 'scheduler' | 'clock' | 'logger'>;

async function queueBotTurn(deps: RequestDeps, stored: StoredMatch): Promise<void> {
  const { queue } = deps;
  if (queue === undefined) throw new Error('ordering mode fifo needs a move queue for bot turns');
  const message: QueuedBotTurn = { system: 'bot_turn', gameSessionId: stored.id, turn: stored.match.turn };
  await withRetries(() => queue.send(message));
}

async function scheduleBotTurn(deps: RequestDeps, stored: StoredMatch): Promise<void> {
  const { scheduler } = deps;
  if (scheduler === undefined) {
    deps.logger.warn('bot.no_scheduler', { matchId: stored.id, turn: stored.match.turn });
    return;
  }
  const timer = { matchId: stored.id, turn: stored.match.turn, dueAt: deps.clock.now(), kind: 'bot' as const };
  await withRetries(() => scheduler.schedule(timer));
}

/** The `direct` mode: bot moves one after another, each its own settled step, up to the bound. */
async function playBotsHere(deps: BotDeps, stored: StoredMatch): Promise<void> {
  let current = stored;
  const until = deps.clock.now() + BOT_CHAIN_MS;
  for (let step = 0; step < MAX_BOT_STEPS_PER_INVOCATION && deps.clock.now() < until; step++) {
    if (botToAct(current.match) === undefined) return;
    const settled = await settleBotTurn(deps, current.id, 'direct');
    // Skipped: no bot could move (logged). Conflict: others kept writing, and each of them sees to the bots.
    if (settled.kind !== 'applied') return;
    current = settled.written;
  }
  if (botToAct(current.match) !== undefined) await scheduleBotTurn(deps, current);
}

/**
 * Settles one bot move in the match as it now stands: the first seat (by seat) a bot plays among
 * those who may act, its bot's choice from that seat's own view (src/bots), settled as that seat's
 * next move. Skipped when no bot may act, or its bot finds no move (logged: a game whose legal moves
 * a bot cannot list, or rules that refuse a listed move, need their author).
 */
export function settleBotTurn(deps: SettleDeps, matchId: string, by: SteppedBy): Promise<SteppedOutcome> {
  return settleStep(
    deps,
    { matchId, label: 'bot' },
    (game, stored, now): StepDecision => {
      const actor = botToAct(stored.match);
      if (actor === undefined) return { kind: 'skip', reason: 'no_bot_to_act' };
      const where = { matchId, player: actor.player, bot: actor.bot, turn: stored.match.turn };
      let chosen: ReturnType<typeof chooseBotMove>;
      try {
        chosen = chooseBotMove(game, stored.match, actor.player, actor.bot);
      } catch (error) {
        deps.logger.error('bot.choice_threw', { ...where, error: describeError(error) });
        return { kind: 'skip', reason: 'choice_threw' };
      }
      if (chosen === undefined) {
        deps.logger.error('bot.no_move', where);
        return { kind: 'skip', reason: 'no_move' };
      }
      const seq = ledgerOf(stored, actor.player).settled + 1;
      const submission = { player: actor.player, moveId: botMoveId(stored.match.turn), seq, ...chosen };
      const settlement = settleMove(game, stored, submission, now, deps.logger);
      if (settlement.kind !== 'apply') {
        const code = settlement.message.type === 'error' ? settlement.message.code : settlement.message.type;
        deps.logger.error('bot.move_refused', { ...where, move: chosen.move, code });
        return { kind: 'skip', reason: `refused: ${code}` };
      }
      const { next, settled } = settlement.update;
      return {
        kind: 'apply',
        next,
        ...(settled?.entry && { entry: settled.entry }),
        ...(settled && { ledger: settled.ledger }),
      };
    },
    by,
  );
}
