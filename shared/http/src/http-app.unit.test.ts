import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '@kindly/errors';
import { bearerKeyCheck, bearerTokenOf, sameSecret } from './bearer-key.js';
import { createHttpApp } from './create-http-app.js';
import { addJsonBodyParser, parseJsonBody } from './json-body.js';
import { PROBLEM_JSON, ProblemError } from './problem.js';
import { problemOf } from './problem-handlers.js';
import { PROBE_MARKER, probeBodies, recordingLogger, type ProbeName } from './testing/index.js';

const KEY = 'k'.repeat(40);

describe('an app made by createHttpApp', () => {
  let app: FastifyInstance | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  function anApp(failure?: Error) {
    const recorded = recordingLogger();
    const built = createHttpApp({ logger: recorded.logger, bodyLimit: 64 * 1024 });
    addJsonBodyParser(built);
    void built.register((scope, _options, done) => {
      scope.addHook(
        'onRequest',
        bearerKeyCheck({ key: KEY, realm: 'test', logger: recorded.logger }),
      );
      scope.post('/things', async (request) => {
        if (failure) throw failure;
        return { got: typeof request.body };
      });
      done();
    });
    app = built;
    return { app: built, ...recorded };
  }

  const post = (target: FastifyInstance, name: ProbeName, authorization = `Bearer ${KEY}`) =>
    target.inject({
      method: 'POST',
      url: '/things',
      headers: { 'content-type': probeBodies[name].contentType, authorization },
      payload: probeBodies[name].body,
    });

  it.each([
    ['tooLarge', 413, 'body-too-large'],
    ['formBody', 415, 'unsupported-media-type'],
    ['malformedJson', 400, 'malformed-json'],
    ['protoPollution', 400, 'forbidden-property'],
    ['constructorPollution', 400, 'forbidden-property'],
  ] as const)(
    'answers %s with %i and a problem body, logged as a warning',
    async (name, status, slug) => {
      const { app: target, at } = anApp();
      const response = await post(target, name);
      expect(response.statusCode).toBe(status);
      expect(response.headers['content-type']).toContain(PROBLEM_JSON);
      const body = response.json<Record<string, unknown>>();
      expect(body).toMatchObject({ type: `urn:kindly:problem:${slug}`, status });
      expect(typeof body['title']).toBe('string');
      expect(typeof body['detail']).toBe('string');
      expect(response.body).not.toContain(PROBE_MARKER);
      expect(at('error')).toEqual([]);
      expect(at('warn')).toEqual([expect.objectContaining({ status, route: '/things' })]);
    },
  );

  it('answers an unknown route with a 404 problem that does not echo the path', async () => {
    const { app: target, at } = anApp();
    const response = await target.inject({ method: 'GET', url: `/${PROBE_MARKER}` });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toContain(PROBLEM_JSON);
    expect(response.body).not.toContain(PROBE_MARKER);
    expect(at('error')).toEqual([]);
    expect(JSON.stringify(at('warn'))).not.toContain(PROBE_MARKER);
  });

  it('answers a URL the router cannot read with a 400 problem that does not echo it', async () => {
    const recorded = recordingLogger();
    const built = createHttpApp({ logger: recorded.logger, bodyLimit: 1024 });
    built.get('/things/:id', async () => ({ ok: true }));
    app = built;
    for (const url of [`/things/${PROBE_MARKER}${'x'.repeat(400)}`, `/things/${PROBE_MARKER}%zz`]) {
      const response = await built.inject({ method: 'GET', url });
      expect(response.statusCode, url.slice(0, 30)).toBe(400);
      expect(response.headers['content-type']).toContain(PROBLEM_JSON);
      expect(response.json()).toMatchObject({ type: 'urn:kindly:problem:bad-url', status: 400 });
      expect(response.body).not.toContain(PROBE_MARKER);
    }
    expect(JSON.stringify(recorded.at('warn'))).not.toContain(PROBE_MARKER);
    const fine = await built.inject({ method: 'GET', url: `/things/${'%21'.repeat(100)}` });
    expect(fine.statusCode).toBe(200);
  });

  it('answers a method a known path is not served under with 405 and Allow', async () => {
    const { app: target } = anApp();
    const response = await target.inject({ method: 'DELETE', url: '/things?x=1' });
    expect(response.statusCode).toBe(405);
    expect(response.headers['allow']).toBe('POST');
    expect(response.headers['content-type']).toContain(PROBLEM_JSON);
    expect(response.json()).toMatchObject({ type: 'urn:kindly:problem:method-not-allowed' });
    expect((await target.inject({ method: 'DELETE', url: '/things/1' })).statusCode).toBe(404);
    // QUERY wants a content type on its way to any route: still a 405 here, not a 400.
    const query = await target.inject({ method: 'QUERY' as 'GET', url: '/things' });
    expect(query.statusCode).toBe(405);
  });

  it('names in Allow the methods of the most concrete path, as OpenAPI matches paths', async () => {
    const built = createHttpApp({ logger: recordingLogger().logger, bodyLimit: 1024 });
    built.get('/things/:id', async () => ({ ok: true }));
    built.post('/things/new', async () => ({ ok: true }));
    app = built;
    const concrete = await built.inject({ method: 'DELETE', url: '/things/new' });
    expect(concrete.statusCode).toBe(405);
    expect(concrete.headers['allow']).toBe('POST');
    const templated = await built.inject({ method: 'DELETE', url: '/things/1' });
    expect(templated.headers['allow']).toBe('GET, HEAD');
  });

  it('wants the bearer key before reading the body', async () => {
    const { app: target, at } = anApp();
    for (const authorization of ['', `Bearer ${KEY}x`, `Basic ${KEY}`, `Bearer ${KEY.slice(1)}`]) {
      const response = await post(target, 'tooLarge', authorization);
      expect(response.statusCode).toBe(401);
      expect(response.headers['www-authenticate']).toMatch(/^Bearer realm="test"/);
      expect(response.json()).toMatchObject({
        status: 401,
        type: 'urn:kindly:problem:unauthorized',
      });
    }
    expect(JSON.stringify(at('warn'))).not.toContain(KEY.slice(0, 20));
    const ok = await target.inject({
      method: 'POST',
      url: '/things',
      headers: { 'content-type': 'application/json', authorization: `bearer  ${KEY}` },
      payload: '{"a":1}',
    });
    expect(ok.statusCode).toBe(200);
  });

  it('answers a retryable infrastructure failure with 503 and a bug with 500, logged as errors', async () => {
    const down = Object.assign(new Error('connect ECONNREFUSED'), { name: 'MongoNetworkError' });
    for (const [failure, status] of [
      [down, 503],
      [new AppError('BROKER_DOWN', 'away', { retryable: true }), 503],
      [new AppError('BROKEN', 'no'), 500],
      [new TypeError('x is undefined'), 500],
    ] as const) {
      const { app: target, at } = anApp(failure);
      const clean = await target.inject({
        method: 'POST',
        url: '/things',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
        payload: '{}',
      });
      expect(clean.statusCode).toBe(status);
      expect(clean.json()).toMatchObject({ status });
      expect(at('error')).toHaveLength(1);
      await target.close();
    }
  });
});

describe('the pieces', () => {
  it('compares secrets of any length', () => {
    expect(sameSecret('abc', 'abc')).toBe(true);
    expect(sameSecret('abc', 'abcd')).toBe(false);
    expect(sameSecret('', 'abc')).toBe(false);
  });

  it('reads a bearer token only from a Bearer header', () => {
    expect(bearerTokenOf('Bearer abc')).toBe('abc');
    expect(bearerTokenOf('bearer abc ')).toBe('abc');
    expect(bearerTokenOf('Basic abc')).toBeUndefined();
    expect(bearerTokenOf('Bearer a b')).toBeUndefined();
    expect(bearerTokenOf(undefined)).toBeUndefined();
  });

  it('parses JSON, refusing pollution at any depth', () => {
    expect(parseJsonBody('{"a":{"b":[1,{"c":null}]}}')).toEqual({ a: { b: [1, { c: null }] } });
    expect(parseJsonBody('{"constructor":"fine"}')).toEqual({ constructor: 'fine' });
    expect(() => parseJsonBody('{"a":[{"__proto__":{}}]}')).toThrow(ProblemError);
    expect(() => parseJsonBody('{"a":{"constructor":{"prototype":{}}}}')).toThrow(ProblemError);
    expect(() => parseJsonBody('{')).toThrow(ProblemError);
  });

  it('never takes a 4xx error message into the problem', () => {
    const error = Object.assign(new Error(`Unexpected token in ${PROBE_MARKER}`), {
      statusCode: 400,
      code: 'FST_SOMETHING_NEW',
    });
    expect(JSON.stringify(problemOf(error))).not.toContain(PROBE_MARKER);
    expect(problemOf(error).status).toBe(400);
  });
});
