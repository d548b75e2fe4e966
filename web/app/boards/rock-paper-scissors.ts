import {
  HANDS,
  type Hand,
  type PlayedRound,
  type RockPaperScissors,
  type RockPaperScissorsView,
} from '../../../games/rock-paper-scissors.js';
import { fill, h } from '../dom.js';
import { playerName } from '../words.js';
import type { BoardFactory } from './board.js';

const SIGNS: Readonly<Record<Hand, string>> = { rock: '✊', paper: '✋', scissors: '✌️' };

/**
 * Three hands to choose from, both players at once. The page shows your own choice and who else has
 * chosen, never what: the server's view carries nothing more until the round is revealed.
 */
export const rockPaperScissorsBoard: BoardFactory<RockPaperScissors> = (client, ui) => {
  const buttons = HANDS.map((hand) =>
    h(
      'button',
      { class: 'hand', testid: `hand-${hand}`, on: { click: () => ui.play(() => client.move.choose({ hand })) } },
      `${SIGNS[hand]} ${hand}`,
    ),
  );
  const prompt = h('p', { class: 'muted', testid: 'rps-prompt' });
  const score = h('p', { testid: 'rps-score' });
  const rounds = h('ol', { class: 'rounds', testid: 'rps-rounds' });
  return {
    element: h(
      'div',
      { class: 'board rps', testid: 'board' },
      prompt,
      h('div', { class: 'row' }, ...buttons),
      score,
      rounds,
    ),
    update(state) {
      const view: RockPaperScissorsView | null = state.view;
      const seated = state.players.includes(ui.me);
      const canChoose = state.yourMoves.includes('choose');
      for (const button of buttons) button.disabled = !canChoose;
      if (view === null) {
        fill(prompt, 'Hands are shown once both players have chosen.');
        return;
      }
      const others = view.chosen.filter((player) => player !== ui.me);
      fill(
        prompt,
        !seated
          ? `You are watching. ${view.chosen.length} of 2 have chosen.`
          : view.myChoice !== null
            ? `You chose ${SIGNS[view.myChoice]} ${view.myChoice}. Waiting for the other hand.`
            : others.length > 0
              ? 'Your opponent has chosen: your turn.'
              : 'Choose a hand.',
      );
      fill(score, state.players.map((player) => `${playerName(player, ui.me)}: ${view.wins[player] ?? 0}`).join(' · '));
      fill(rounds, ...view.rounds.map((round, index) => roundLine(round, index, ui.me)));
    },
  };
};

function roundLine(round: PlayedRound, index: number, me: string): HTMLElement {
  const hands = Object.entries(round.hands).map(([player, hand]) => `${playerName(player, me)} ${SIGNS[hand]}`);
  const outcome = round.winner === null ? 'a tie' : `${playerName(round.winner, me)} wins`;
  return h('li', { testid: 'rps-round' }, `Round ${index + 1}: ${hands.join(' vs ')}, ${outcome}.`);
}
