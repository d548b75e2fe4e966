import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiGatewayFanout } from '../../src/aws/api-gateway-fanout.js';
import { FanoutError } from '../../src/ports/errors.js';
import type { FanoutFor } from '../../src/ports/fanout.js';
import { type ConnectionsEndpoint, startConnectionsEndpoint } from '../support/connections-endpoint.js';
import { localClientConfig } from '../support/local-aws.js';

let endpoint: ConnectionsEndpoint;
let fanoutFor: FanoutFor;
const stage = { domainName: 'omlo79fwk8.execute-api.us-east-1.amazonaws.com', stage: 'Dev' };

beforeAll(async () => {
  endpoint = await startConnectionsEndpoint();
  const { region, credentials } = localClientConfig(endpoint.url);
  fanoutFor = createApiGatewayFanout({
    endpointUrl: ({ stage: name }) => `${endpoint.url}/${name}`,
    clientConfig: { region, credentials, maxAttempts: 1 },
  });
});

afterAll(async () => {
  await endpoint?.stop();
});

describe('API Gateway fan-out', () => {
  it('posts to the one configured endpoint, whatever endpoint a handler names (a custom domain too)', async () => {
    const configured = createApiGatewayFanout({
      endpointUrl: `${endpoint.url}/live`,
      clientConfig: { ...localClientConfig(endpoint.url), maxAttempts: 1 },
    });
    endpoint.open('configured=');
    const custom = { domainName: 'play.example.com', stage: 'v1' };
    expect(configured(custom)).toBe(configured(stage));
    expect(await configured(custom).send('configured=', 'via a custom domain')).toBe('sent');
    expect(await configured(stage).send('configured=', 'via the execute-api domain')).toBe('sent');
    expect(endpoint.received('configured=')).toEqual(['via a custom domain', 'via the execute-api domain']);
    expect(endpoint.stages.slice(-2)).toEqual(['live', 'live']);
  });

  it('posts to an open connection through the real SDK client, on the right stage', async () => {
    endpoint.open('V3XV0cLFoAMCJAQ=');
    expect(await fanoutFor(stage).send('V3XV0cLFoAMCJAQ=', '{"type":"state","ü":"✓"}')).toBe('sent');
    expect(endpoint.received('V3XV0cLFoAMCJAQ=')).toEqual(['{"type":"state","ü":"✓"}']);
    expect(endpoint.stages.at(-1)).toBe('Dev');
  });

  it('answers gone for a closed or unknown connection (410), without throwing', async () => {
    endpoint.open('closing=');
    endpoint.close('closing=');
    expect(await fanoutFor(stage).send('closing=', 'x')).toBe('gone');
    expect(await fanoutFor(stage).send('never-opened=', 'x')).toBe('gone');
    endpoint.failWith('bare-410=', 410, '');
    expect(await fanoutFor(stage).send('bare-410=', 'x')).toBe('gone');
  });

  it('sends each connection its own message and reports each outcome in order', async () => {
    for (const id of ['a=', 'b=', 'c=']) endpoint.open(id);
    const reports = await fanoutFor(stage).sendEach([
      { connectionId: 'a=', data: 'for a' },
      { connectionId: 'gone=', data: 'for nobody' },
      { connectionId: 'b=', data: 'for b' },
      { connectionId: 'c=', data: 'for c' },
    ]);
    expect(reports).toEqual([{ outcome: 'sent' }, { outcome: 'gone' }, { outcome: 'sent' }, { outcome: 'sent' }]);
    expect(['a=', 'b=', 'c='].map((id) => endpoint.received(id))).toEqual([['for a'], ['for b'], ['for c']]);
  });

  it("reports another error as that delivery's own failure, with its cause, and delivers the rest", async () => {
    endpoint.open('ok=');
    endpoint.failWith('broken=', 500, 'InternalServerErrorException');
    endpoint.failWith('forbidden=', 403, 'ForbiddenException');
    const reports = await fanoutFor(stage).sendEach([
      { connectionId: 'broken=', data: 'x' },
      { connectionId: 'forbidden=', data: 'x' },
      { connectionId: 'ok=', data: 'still delivered' },
      { connectionId: 'gone-too=', data: 'x' },
    ]);
    expect(reports.map((report) => report.outcome)).toEqual(['failed', 'failed', 'sent', 'gone']);
    const [broken, forbidden] = reports;
    expect(broken).toMatchObject({ error: { name: 'FanoutError', transient: true } });
    expect(forbidden).toMatchObject({ error: { name: 'FanoutError', transient: false } });
    if (forbidden?.outcome !== 'failed') throw new Error('expected a failure');
    expect(forbidden.error).toBeInstanceOf(FanoutError);
    expect(forbidden.error.cause).toMatchObject({ name: 'ForbiddenException', $metadata: { httpStatusCode: 403 } });
    expect(endpoint.received('ok=')).toEqual(['still delivered']);
  });

  it('throws a FanoutError from a single send that fails other than Gone', async () => {
    endpoint.failWith('too-large=', 413, 'PayloadTooLargeException');
    const single = fanoutFor(stage).send('too-large=', 'x');
    await expect(single).rejects.toThrow(/PayloadTooLarge/);
    await expect(single).rejects.toBeInstanceOf(FanoutError);
  });

  it('keeps one client per stage endpoint', () => {
    expect(fanoutFor(stage)).toBe(fanoutFor({ ...stage }));
    expect(fanoutFor(stage)).not.toBe(fanoutFor({ ...stage, stage: 'Prod' }));
  });
});
