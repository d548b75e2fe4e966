import { UI_CONFIG_PATH, type UiConfig, uiConfigSchema } from '../../src/protocol/ui-config.js';

/**
 * The deployment's settings, from `/config.json`: the same build serves the local runtime and any
 * stack. A server without the file (an older local runtime, a bare static server) means the page's
 * own origin and the development sign-in, which is what the UI hard-wired before.
 */
export async function loadUiConfig(): Promise<UiConfig> {
  const response = await fetch(UI_CONFIG_PATH, { cache: 'no-store' });
  if (response.status === 404) {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    return { lobbyUrl: location.origin, websocketUrl: `${scheme}://${location.host}/`, auth: { mode: 'dev' } };
  }
  if (!response.ok) throw new Error(`could not read ${UI_CONFIG_PATH} (HTTP ${response.status})`);
  const parsed = uiConfigSchema.safeParse(await response.json());
  if (!parsed.success) throw new Error(`${UI_CONFIG_PATH} is not valid: ${parsed.error.issues[0]?.message ?? ''}`);
  return parsed.data;
}
