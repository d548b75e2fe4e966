import type { ServerAddress } from '../../ipc.js';
import type { Driver } from '../driver.js';

/** The client protocol for each server: peers are driven through their own clients. */
export async function driverFor(address: ServerAddress): Promise<Driver> {
  switch (address.kind) {
    case 'echo':
      return (await import('./echo.js')).echoDriver(address.port);
    case 'boardgame-io':
      return (await import('./boardgame-io.js')).boardgameIoDriver(address.port);
    case 'colyseus':
    case 'colyseus-default':
      return (await import('./colyseus.js')).colyseusDriver(address.port);
    case 'turngate-embedded':
    case 'turngate-embedded-memory':
    case 'turngate-aws-local':
      return (await import('./turngate.js')).turngateDriver(address.port);
  }
}
