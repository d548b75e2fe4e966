import type { Driver } from '../driver.js';

export function turngateDriver(_port: number): Driver {
  throw new Error('turngate driver: not yet');
}
