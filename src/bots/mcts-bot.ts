import {
  type AnyGame,
  type Bot,
  type BotInput,
  type LegalMove,
  type Match,
  type PlayerId,
  type RandomSource,
} from '../engine/index.js';
import { randomBot } from './random-bot.js';
import {
  actorOf,
  attempt,
  type Budget,
  imaginedMatch,
  keyOf,
  type Option,
  optionsFor,
  playout,
  rewardOf,
  type StateSampler,
  samplerFor,
} from './simulation.js';

export interface MctsOptions {
  /** Simulations per choice: the whole budget, fixed, so a choice costs the same on every machine. */
  readonly iterations?: number;
  /** UCB1's exploration constant. */
  readonly exploration?: number;
  /** The longest random playout, in steps: a match not over by then counts as a draw. */
  readonly playoutSteps?: number;
  /**
   * The most work one choice may do, in moves tried by the rules (and listed): the search stops
   * there even before its iterations are done, so a long game's choice is bounded too.
   */
  readonly work?: number;
}

/** The built-in search bot's budget (README "Bots" gives what it costs). */
export const MCTS_DEFAULTS = { iterations: 1_000, exploration: Math.SQRT2, playoutSteps: 200, work: 20_000 } as const;

/** A node of the search tree: the position after `mover` made the move that leads here. */
interface TreeNode {
  readonly mover: PlayerId | undefined;
  visits: number;
  reward: number;
  /** How often this move was legal when its parent was searched past (it may not be, in a sampled state). */
  available: number;
  readonly children: Map<string, TreeNode>;
  /** Nothing hidden: this node's legal options, computed once. */
  options?: readonly Option[];
}

const newNode = (mover: PlayerId | undefined): TreeNode => ({
  mover,
  visits: 0,
  reward: 0,
  available: 0,
  children: new Map(),
});

/**
 * Monte Carlo tree search (UCT) with a fixed number of iterations. In a game that hides information
 * it searches states sampled from its own view (the game's `determinize`), a fresh one per iteration,
 * sharing one tree whose moves count how often they were legal (information-set MCTS, single
 * observer); it never sees the real state. Each iteration descends by UCB1, expands one move, plays
 * on at random and scores the ending for every player, so each player in the tree plays for itself.
 * A game it cannot search (hidden, no `determinize`) gets a random legal move.
 */
export function mctsBot(options: MctsOptions = {}): Bot {
  const settings = { ...MCTS_DEFAULTS, ...options };
  return {
    choose(input, game) {
      const sample = samplerFor(game, input);
      if (sample === undefined || input.legalMoves.length < 2) return randomBot.choose(input, game);
      return new Search(game, input, sample, settings).run();
    },
  };
}

class Search {
  readonly #root = newNode(undefined);
  readonly #byKey: ReadonlyMap<string, LegalMove>;
  /** Nothing hidden: every iteration searches the same state, so options can be kept per node. */
  readonly #cacheable: boolean;

  constructor(
    private readonly game: AnyGame,
    private readonly input: BotInput,
    private readonly sample: StateSampler,
    private readonly settings: Required<MctsOptions>,
  ) {
    this.#cacheable = !game.botSupport.hidesInformation;
    this.#byKey = new Map(input.legalMoves.map((legal) => [keyOf(input.player, legal.move, legal.args), legal]));
  }

  run(): LegalMove {
    const budget: Budget = { left: this.settings.work };
    for (let iteration = 0; iteration < this.settings.iterations && budget.left > 0; iteration++) this.#iterate(budget);
    let best: LegalMove | undefined;
    let mostVisits = -1;
    // The most visited of the bot's own legal moves; ties go to the first listed.
    for (const [key, legal] of this.#byKey) {
      const visits = this.#root.children.get(key)?.visits ?? 0;
      if (visits > mostVisits) [best, mostVisits] = [legal, visits];
    }
    return best as LegalMove;
  }

  #iterate(budget: Budget): void {
    const { random } = this.input;
    let match = imaginedMatch(this.game, this.input, this.sample(random));
    let node = this.#root;
    const path = [node];
    while (match.status === 'running') {
      const actor = node === this.#root ? this.input.player : actorOf(match);
      if (actor === undefined) break;
      const options = this.#optionsAt(node, match, actor, random, budget);
      if (options.length === 0) break;
      const untried = options.filter((option) => !node.children.has(option.key));
      const chosen = untried.length > 0 ? untried[random.int(untried.length)] : this.#select(node, options);
      if (chosen === undefined) break;
      let child = node.children.get(chosen.key);
      if (child === undefined) {
        child = newNode(actor);
        node.children.set(chosen.key, child);
      }
      path.push(child);
      match = chosen.next;
      node = child;
      if (untried.length > 0) break;
    }
    const ending = playout(this.game, match, random, this.settings.playoutSteps, budget);
    for (const visited of path) {
      visited.visits++;
      if (visited.mover !== undefined) visited.reward += rewardOf(ending, visited.mover);
    }
  }

  /** UCB1 over the options legal here, counting each as available; the best one. */
  #select(node: TreeNode, options: readonly Option[]): Option | undefined {
    let best: Option | undefined;
    let bestScore = -Infinity;
    for (const option of options) {
      const child = node.children.get(option.key) as TreeNode;
      child.available++;
      const score =
        child.reward / child.visits +
        this.settings.exploration * Math.sqrt(Math.log(child.available) / Math.max(child.visits, 1));
      if (score > bestScore) [best, bestScore] = [option, score];
    }
    return best;
  }

  #optionsAt(node: TreeNode, match: Match, actor: PlayerId, random: RandomSource, budget: Budget): readonly Option[] {
    if (this.#cacheable && node.options !== undefined) return node.options;
    const options =
      node === this.#root
        ? this.#rootOptions(match, random, budget)
        : optionsFor(this.game, match, actor, random, budget);
    if (this.#cacheable) node.options = options;
    return options;
  }

  /** At the root, the bot's own legal moves as it was given them, on the state searched this time. */
  #rootOptions(match: Match, random: RandomSource, budget: Budget): Option[] {
    const { player } = this.input;
    return [...this.#byKey].flatMap(([key, legal]) => {
      const next = attempt(this.game, match, player, legal, random, budget);
      return next === undefined ? [] : [{ key, move: legal, next }];
    });
  }
}
