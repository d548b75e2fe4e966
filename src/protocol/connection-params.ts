/**
 * How a WebSocket connection names its match and carries its token:
 * `wss://host/stage/?game=<matchId>&token=<jwt>`, or the token in the `Auth` header (the seed's
 * identity source) where the client can set headers (browsers cannot on a WebSocket).
 */
export const GAME_QUERY_PARAMETER = 'game';
export const TOKEN_QUERY_PARAMETER = 'token';
export const AUTH_HEADER = 'Auth';
