import { describe, expect, it } from 'vitest';
import { gatewayId, requestTime } from '../../src/local/gateway/ids.js';
import disconnectEvent from '../fixtures/disconnect-event.json' with { type: 'json' };
import moveEvent from '../fixtures/move-event.json' with { type: 'json' };

describe('API Gateway-shaped ids and times', () => {
  it.each([
    ['the move event', moveEvent.requestContext],
    ['the disconnect event', disconnectEvent.requestContext],
  ])('requestTime formats %s’s epoch exactly as API Gateway printed it', (_name, context) => {
    expect(requestTime(context.requestTimeEpoch)).toBe(context.requestTime);
  });

  it('requestTime pads single-digit fields and names every month', () => {
    const months = Array.from({ length: 12 }, (_, month) => requestTime(Date.UTC(2025, month, 1, 2, 3, 4)));
    expect(months[0]).toBe('01/Jan/2025:02:03:04 +0000');
    expect(months.map((time) => time.slice(3, 6))).toEqual([
      'Jan',
      'Feb',
      'Mar',
      'Apr',
      'May',
      'Jun',
      'Jul',
      'Aug',
      'Sep',
      'Oct',
      'Nov',
      'Dec',
    ]);
  });

  it('ids look like the seed’s and do not repeat across refills of the random pool', () => {
    const ids = Array.from({ length: 2000 }, gatewayId);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{15}=$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect(moveEvent.requestContext.connectionId).toMatch(/^[A-Za-z0-9_-]{15}=$/);
  });
});
