import type { ClientSocket, SocketFactory } from '../../../src/client/index.js';
import { nodeSocket } from '../../../src/client/node-socket.js';

/**
 * The SDK's real Node socket (`ws`, token in the `Auth` header), with two levers a test needs to
 * recreate a dropped connection at the worst moment: go deaf (the server's answers are lost, as when
 * the network dies after a frame left) or go mute for move frames (the frame never reached the
 * server), then cut the connection.
 */
export function controllableSocket() {
  let current: { socket: ClientSocket; controls: { deaf: boolean; mute: boolean } } | undefined;
  let opened = 0;
  const lost: string[] = [];

  const factory: SocketFactory = async (request, handlers) => {
    const controls = { deaf: false, mute: false };
    opened += 1;
    const socket = await nodeSocket(request, {
      ...handlers,
      onMessage: (text) => {
        if (controls.deaf) lost.push(text);
        else handlers.onMessage(text);
      },
    });
    const wrapped: ClientSocket = {
      send: (text) => {
        if (!(controls.mute && text.includes('"action":"move"'))) socket.send(text);
      },
      close: (code, reason) => socket.close(code, reason),
    };
    current = { socket: wrapped, controls };
    return wrapped;
  };

  return {
    factory,
    /** The server's messages a deaf socket swallowed, in order. */
    lost: (): readonly string[] => lost,
    /** How many sockets the client has opened so far. */
    opened: () => opened,
    /** From now on, this socket's incoming messages are lost. */
    deafen: () => {
      if (current) current.controls.deaf = true;
    },
    /** From now on, this socket's move frames are lost before they leave. */
    mute: () => {
      if (current) current.controls.mute = true;
    },
    /** Cuts the current connection, as a dropped network or API Gateway's idle timeout would. */
    drop: () => current?.socket.close(4000, 'dropped by the test'),
  };
}
