import * as z from 'zod';

/**
 * `/config.json`: what the web UI reads at start, so one build serves any deployment. The local
 * runtime answers it from its own settings; the CDK stack writes it next to the UI's files.
 */
export const UI_CONFIG_PATH = '/config.json';

/** The debug panel's script, beside the page: served only in development mode (`devTools`). */
export const DEBUG_PANEL_SCRIPT = 'debug-panel.js';

/**
 * `dev`: the local runtime's pick-a-name sign-in. `oidc`: Authorization Code with PKCE at `issuer`.
 * `token`: tokens come from the game's own sign-in service (an HS256 deployment, or a local server
 * without its development sign-in), so the UI asks for one to be pasted.
 */
export const uiAuthSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('dev') }),
  z.object({ mode: z.literal('token') }),
  z.object({
    mode: z.literal('oidc'),
    /** The provider's issuer URL: its discovery document is `<issuer>/.well-known/openid-configuration`. */
    issuer: z.url(),
    /** A public client (no secret): browsers cannot keep one. */
    clientId: z.string().min(1),
    /** Space-separated; `openid offline_access` when absent (`offline_access` asks for a refresh token). */
    scopes: z.string().min(1).optional(),
    /**
     * Which token the UI presents to the server: `id` (default; its `aud` is the client id) or
     * `access` (Cognito's carries the client id in `client_id`; set TOKEN_AUDIENCE_CLAIM to match).
     */
    tokenUse: z.enum(['id', 'access']).optional(),
    /**
     * Where Sign out sends the browser when the provider's discovery document names no
     * `end_session_endpoint`: Cognito's `https://<domain>/logout`, called with `client_id` and
     * `logout_uri` as Cognito's is. Without either, Sign out ends the session in this tab only.
     */
    signOutUrl: z.url({ protocol: /^https?$/ }).optional(),
  }),
]);
export type UiAuth = z.infer<typeof uiAuthSchema>;

export const uiConfigSchema = z.object({
  /** The lobby HTTP API's base (the part before `/api`). */
  lobbyUrl: z.url({ protocol: /^https?$/ }),
  /** The WebSocket API's stage URL; the client appends `?game=…&token=…`. */
  websocketUrl: z.url({ protocol: /^wss?$/ }),
  auth: uiAuthSchema,
  /**
   * Development mode: the local runtime with its development sign-in on (`npm start`, `turngate dev`)
   * sets it, and the UI then offers the debug panel, whose script (DEBUG_PANEL_SCRIPT) and endpoints
   * (`/api/dev/...`) only such a server serves. A deployment never sets it.
   */
  devTools: z.literal(true).optional(),
});
export type UiConfig = z.infer<typeof uiConfigSchema>;
