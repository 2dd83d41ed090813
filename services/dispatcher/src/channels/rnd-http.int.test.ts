/** The RND adapter against the stand-in: each answer, and each way of not answering, by code. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RndStandIn } from '@kindly/stand-ins';
import { createRndHttpDatabase } from './rnd-http.reassigned-numbers.js';

describe('the reassigned-numbers database over HTTP', () => {
  let rnd: RndStandIn;
  let garbage: Server;
  beforeAll(async () => {
    rnd = await RndStandIn.start({ token: 'rnd-token-0001' });
    garbage = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"result":"maybe","queryId":"has spaces in it"}');
    });
    await new Promise<void>((resolve) => garbage.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await rnd?.stop();
    await new Promise((resolve) => garbage?.close(resolve));
  });
  const database = (token = 'rnd-token-0001', baseUrl = rnd.url) =>
    createRndHttpDatabase({ baseUrl, token, timeoutMs: 2_000 });

  it('asks with the ten digits and the date, and reads yes, no and no data with the query id', async () => {
    rnd.scenarioFor('+12125550101', 'reassigned');
    rnd.scenarioFor('+12125550102', 'not-reassigned');
    rnd.scenarioFor('+12125550103', 'no-data');
    const ask = (phone: string) => database().ask({ phone, since: '2026-02-01' });
    expect(await ask('+12125550101')).toMatchObject({ ok: true, answer: 'yes' });
    expect(await ask('+12125550102')).toMatchObject({ ok: true, answer: 'no' });
    expect(await ask('+12125550103')).toMatchObject({ ok: true, answer: 'no-data' });
    const [first] = rnd.queries();
    expect(first).toMatchObject({ tn: '2125550101', date: '2026-02-01', authorized: true });
    const reply = await ask('+12125550101');
    expect(reply.ok && reply.queryId).toBe(rnd.queries().at(-1)?.queryId);
  });

  it('names each way of not answering by a code of its own', async () => {
    rnd.scenarioFor('+12125550104', 'error');
    const since = '2026-02-01';
    expect(await database().ask({ phone: '+12125550104', since })).toEqual({
      ok: false,
      code: 'RND_HTTP_503',
    });
    expect(await database('wrong-token-01').ask({ phone: '+12125550102', since })).toEqual({
      ok: false,
      code: 'RND_HTTP_401',
    });
    expect(await database().ask({ phone: '+447700900123', since })).toEqual({
      ok: false,
      code: 'RND_NOT_NANP',
    });
    const { port } = garbage.address() as AddressInfo;
    const odd = database('rnd-token-0001', `http://127.0.0.1:${port}`);
    expect(await odd.ask({ phone: '+12125550102', since })).toEqual({
      ok: false,
      code: 'RND_BAD_ANSWER',
    });
    expect(
      await database('rnd-token-0001', 'http://127.0.0.1:9').ask({ phone: '+12125550102', since }),
    ).toEqual({ ok: false, code: 'RND_UNREACHABLE' });
  });
});
