import { DEBUG_PANEL_SCRIPT } from '../../../src/protocol/ui-config.js';
import { boardFor } from '../boards/by-game.js';
import type { AppContext, Page } from '../context.js';
import { fill } from '../dom.js';
import { loadedPage } from '../loaded-page.js';
import { matchPage } from '../match-page.js';
import { createReplayBoards } from '../replay/replay-boards.js';
import { stepInWords } from '../replay-page.js';
import { errorInWords, gameTitle, standing } from '../words.js';
import type { DebugHost, DebugPanelModule } from './host.js';

const HOST: DebugHost = { matchPage, boardFor, createReplayBoards, stepInWords, errorInWords, gameTitle, standing };

/**
 * `#/match/<id>/debug` in development mode: imports the debug panel's script, which only a server in
 * development mode serves, and mounts it with the page's own parts. The import is of a URL, not a
 * module esbuild could follow, so the page's own script stays without the panel.
 */
export function debugPanelPage(context: AppContext, matchId: string): Page {
  return loadedPage(
    { class: 'debug-page' },
    () => import(new URL(DEBUG_PANEL_SCRIPT, document.baseURI).href) as Promise<DebugPanelModule>,
    (module, element) => {
      const panel = module.mountDebugPanel(HOST, context, matchId);
      fill(element, panel.element);
      return () => panel.dispose();
    },
    () => 'The debug panel could not be loaded: is this server in development mode?',
  );
}
