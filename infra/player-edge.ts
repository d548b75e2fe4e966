import { Annotations, CfnOutput, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { UiAuth } from '../src/protocol/ui-config.js';
import type { TokenSettings, TurngateConfig } from './config.js';
import { ApiDomain } from './custom-domains.js';
import { ApiLimits } from './limits.js';
import type { LobbyApi } from './lobby-api.js';
import { PlayerUserPool, WEB_SCOPES } from './user-pool.js';
import { WebHosting } from './web-hosting.js';
import type { GameSocketApi } from './websocket-api.js';

export interface PlayerEdgeProps {
  readonly config: TurngateConfig;
  /** The developer's board modules (absolute paths), bundled into the hosted UI. */
  readonly boards?: readonly string[];
  /** The developer's games module (absolute path): bundled into the UI for the replay viewer. */
  readonly gamesModule?: string;
}

/** The URLs players' clients use: the custom domains when configured, execute-api otherwise. */
export interface PublicUrls {
  readonly websocketUrl: string;
  /** No trailing slash: endpoints are `${lobbyUrl}/api/...`. */
  readonly lobbyUrl: string;
}

/**
 * Everything between a player and the APIs' routes: the hosted web UI, the optional Cognito pool,
 * the custom domains, and the limits on both stages. Built in two steps, because the APIs need the
 * UI's origins (CORS) and the pool's ids (the verifier's environment) before they exist, and the
 * UI's config.json needs the APIs' URLs after.
 */
export class PlayerEdge extends Construct {
  readonly web: WebHosting;
  /** Present when context `cognitoDomainPrefix` asks the stack for a pool. */
  readonly userPool: PlayerUserPool | undefined;
  /** Browser origins the lobby API answers (CORS): the hosted UI's, then any from context `webOrigins`. */
  readonly lobbyOrigins: readonly string[];

  constructor(
    scope: Construct,
    id: string,
    private readonly props: PlayerEdgeProps,
  ) {
    super(scope, id);
    const { config } = props;
    this.web = new WebHosting(this, 'Web', { ...(config.domains.web ? { domain: config.domains.web } : {}) });
    const extra = config.webOrigins.filter((origin) => !this.web.origins.includes(origin));
    this.lobbyOrigins = config.webOrigins.includes('*') ? ['*'] : [...this.web.origins, ...extra];
    const signInOrigins = [...this.web.origins, ...extra.filter((origin) => origin !== '*')];
    this.userPool =
      config.tokens.kind === 'cognito'
        ? new PlayerUserPool(this, 'Players', { settings: config.tokens, webOrigins: signInOrigins })
        : undefined;
    if (config.tokens.kind === 'secret') {
      Annotations.of(this).addWarningV2(
        'turngate:web-sign-in',
        'The hosted web UI has no sign-in page for HS256 tokens (players paste one your backend issued): set context cognitoDomainPrefix or jwksUrl for one (docs/deploy.md).',
      );
    }
  }

  /** Limits and custom domains on both APIs, then the UI's files and its config.json. */
  attach(apis: { readonly sockets: GameSocketApi; readonly lobby: LobbyApi }): PublicUrls {
    const { config } = this.props;
    const stack = Stack.of(this);
    const lobbyStage = apis.lobby.api.defaultStage;
    if (!lobbyStage) throw new Error('the lobby API has no default stage');
    new ApiLimits(this, 'Limits', {
      websocketStage: apis.sockets.stage,
      websocketApi: apis.sockets,
      lobbyStage,
      lobbyApi: apis.lobby,
      limits: config.limits,
      accountLogsRole: config.apiGatewayLogsRole,
    });

    const { websocket, lobby } = config.domains;
    const websocketDomain = websocket
      ? new ApiDomain(this, 'WebSocketDomain', { domain: websocket, api: apis.sockets.api, stage: apis.sockets.stage })
      : undefined;
    const lobbyDomain = lobby
      ? new ApiDomain(this, 'LobbyDomain', { domain: lobby, api: apis.lobby.api, stage: lobbyStage })
      : undefined;
    const urls: PublicUrls = {
      websocketUrl: websocket ? `wss://${websocket.domainName}` : apis.sockets.stage.url,
      lobbyUrl: lobby ? `https://${lobby.domainName}` : apis.lobby.url.replace(/\/$/, ''),
    };
    this.web.publish(
      { ...urls, auth: this.webAuth(config.tokens) },
      {
        ...(this.props.boards ? { boards: this.props.boards } : {}),
        ...(this.props.gamesModule ? { gamesModule: this.props.gamesModule } : {}),
      },
    );

    new CfnOutput(stack, 'WebUrl', { description: 'The hosted web UI', value: this.web.url });
    if (config.domains.web) {
      new CfnOutput(stack, 'WebDnsTarget', {
        description: `Point ${config.domains.web.domainName} here (CNAME, or a Route 53 alias)`,
        value: this.web.distribution.distributionDomainName,
      });
    }
    for (const [name, domain] of [
      ['WebSocketDnsTarget', websocketDomain],
      ['LobbyDnsTarget', lobbyDomain],
    ] as const) {
      if (domain) new CfnOutput(stack, name, { description: 'Point the custom domain here', value: domain.dnsTarget });
    }
    if (this.userPool) {
      new CfnOutput(stack, 'UserPoolId', { value: this.userPool.pool.userPoolId });
      new CfnOutput(stack, 'UserPoolClientId', { value: this.userPool.client.userPoolClientId });
      new CfnOutput(stack, 'SignInDomain', { description: 'Cognito hosted sign-in', value: this.userPool.signInUrl });
    }
    return urls;
  }

  /** How the UI signs players in: the pool's issuer and client, the provider the deployer named, or not at all. */
  private webAuth(tokens: TokenSettings): UiAuth {
    if (this.userPool) {
      return {
        mode: 'oidc',
        issuer: this.userPool.issuer,
        clientId: this.userPool.client.userPoolClientId,
        scopes: WEB_SCOPES,
        tokenUse: this.userPool.tokenUse,
        // Cognito's discovery document names no end_session_endpoint; its hosted pages sign out here.
        signOutUrl: `${this.userPool.signInUrl}/logout`,
      };
    }
    if (tokens.kind === 'jwks') {
      return {
        mode: 'oidc',
        issuer: tokens.issuer,
        clientId: tokens.webClientId ?? tokens.audience,
        ...(tokens.webScopes ? { scopes: tokens.webScopes } : {}),
        ...(tokens.webTokenUse ? { tokenUse: tokens.webTokenUse } : {}),
      };
    }
    // HS256: whatever signs the studio's tokens is outside the stack, so the UI asks for one of them.
    return { mode: 'token' };
  }
}
