import type { boardFor } from '../boards/by-game.js';
import type { AppContext, Page } from '../context.js';
import type { matchPage } from '../match-page.js';
import type { createReplayBoards } from '../replay/replay-boards.js';
import type { stepInWords } from '../replay-page.js';
import type { errorInWords, gameTitle, standing } from '../words.js';

/**
 * What the page lends the debug panel when it mounts it: its own match page, boards and replay
 * boards, so the panel plays and draws exactly what the page does (a developer's registered board
 * included, whose registry lives in the page's script) and bundles none of it again. Types only here:
 * the panel's script must not import the page's modules that hold state.
 */
export interface DebugHost {
  readonly matchPage: typeof matchPage;
  readonly boardFor: typeof boardFor;
  readonly createReplayBoards: typeof createReplayBoards;
  readonly stepInWords: typeof stepInWords;
  readonly errorInWords: typeof errorInWords;
  readonly gameTitle: typeof gameTitle;
  readonly standing: typeof standing;
}

/** The debug panel's script (web/build.ts `buildDebugPanel`), as the page imports it. */
export interface DebugPanelModule {
  mountDebugPanel(host: DebugHost, context: AppContext, matchId: string): Page;
}
