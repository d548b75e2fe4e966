import type { WebSocket } from 'ws';
import type { AuthorizerContext } from '../../handlers/events.js';

/**
 * A connection's life: 'connecting' while $connect runs (API Gateway answers Gone to posts then),
 * 'open' once the upgrade completed, 'closed' after the socket went away. Transitions only go forward.
 */
export type ConnectionState = 'connecting' | 'open' | 'closed';

export interface LiveConnection {
  readonly connectionId: string;
  readonly connectedAt: number;
  readonly sourceIp: string;
  readonly userAgent: string;
  /** The authorizer's output as later events carry it: principalId plus stringified context. */
  authorizer: AuthorizerContext | null;
  state: ConnectionState;
  socket: WebSocket | undefined;
  lastActiveAt: number;
  /** Restarts the idle timeout: any message, in either direction, counts as activity. */
  markActive: () => void;
}

/** The emulator's live sockets by connection id: what the management API and the direct fan-out address. */
export class ConnectionRegistry {
  private readonly connections = new Map<string, LiveConnection>();

  add(connection: LiveConnection): void {
    this.connections.set(connection.connectionId, connection);
  }

  /** Only an open connection can be reached: unknown, connecting and closed all read as Gone. */
  open(connectionId: string): LiveConnection | undefined {
    const connection = this.connections.get(connectionId);
    return connection?.state === 'open' ? connection : undefined;
  }

  markClosed(connectionId: string): void {
    const connection = this.connections.get(connectionId);
    if (connection) connection.state = 'closed';
    this.connections.delete(connectionId);
  }

  all(): LiveConnection[] {
    return [...this.connections.values()];
  }

  get size(): number {
    return this.connections.size;
  }
}
