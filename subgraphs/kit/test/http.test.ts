/** The HTTP layer every service shares: routes, CORS, the body limit, and failures that keep their details to the log. */
import { ApolloServer } from '@apollo/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BODY_LIMIT_BYTES, type Listening, serve } from '../src/http.ts';

let listening: Listening;
beforeAll(async () => {
  const server = new ApolloServer({ typeDefs: 'type Query { hello: String }', resolvers: { Query: { hello: () => 'world' } } });
  listening = await serve(server, { port: 0, context: async () => ({}) });
});
afterAll(async () => listening?.stop());

const post = (body: string, headers: Record<string, string> = {}) =>
  fetch(listening.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

describe('the HTTP layer', () => {
  it('answers GraphQL at /graphql, 405 to another method there, and 404 elsewhere', async () => {
    expect(await (await post('{"query":"{ hello }"}')).json()).toEqual({ data: { hello: 'world' } });
    const elsewhere = await fetch(listening.url.replace('/graphql', '/other'));
    expect(elsewhere.status).toBe(404);
    const put = await fetch(listening.url, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: '{"query":"{ hello }"}',
    });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET, POST');
  });

  it(`refuses a body over ${BODY_LIMIT_BYTES} bytes with 413, and malformed JSON with 400, without raw parser messages`, async () => {
    const big = await post(JSON.stringify({ query: `{ hello } # ${'x'.repeat(BODY_LIMIT_BYTES)}` }));
    expect(big.status).toBe(413);
    expect(await big.json()).toEqual({
      errors: [{ message: `The request body is larger than ${BODY_LIMIT_BYTES} bytes.`, extensions: { code: 'BAD_REQUEST' } }],
    });
    const malformed = await post('{"query": ');
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toEqual({
      errors: [{ message: 'The request could not be read: send a GraphQL request as JSON.', extensions: { code: 'BAD_REQUEST' } }],
    });
  });

  it('lets Apollo Sandbox and localhost pages call across origins, and nobody else', async () => {
    const preflight = (origin: string) =>
      fetch(listening.url, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-private-network': 'true' },
      });
    const sandbox = await preflight('https://studio.apollographql.com');
    expect(sandbox.headers.get('access-control-allow-origin')).toBe('https://studio.apollographql.com');
    expect(sandbox.headers.get('access-control-allow-private-network')).toBe('true');
    expect((await preflight('http://localhost:5173')).headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect((await preflight('https://example.org')).headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('stopping', () => {
  /** A server whose `slow` field answers only when the test releases it. */
  async function slowServer() {
    let release: () => void = () => {};
    const released = new Promise<string>((resolve) => {
      release = () => resolve('done');
    });
    let started: () => void = () => {};
    const asked = new Promise<void>((resolve) => {
      started = resolve;
    });
    const server = new ApolloServer({
      typeDefs: 'type Query { slow: String }',
      resolvers: {
        Query: {
          slow: () => {
            started();
            return released;
          },
        },
      },
    });
    const served = await serve(server, { port: 0, context: async () => ({}) });
    const ask = () => fetch(served.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ slow }"}' });
    return { served, ask, asked, release };
  }

  it('lets a request in flight finish, and then accepts nothing', async () => {
    const { served, ask, asked, release } = await slowServer();
    const inFlight = ask();
    await asked;
    const stopped = served.stop(10_000);
    release();
    expect(await (await inFlight).json()).toEqual({ data: { slow: 'done' } });
    await stopped;
    await expect(ask()).rejects.toThrow();
  });

  it('cuts a request still running when the grace ends: a stop is bounded', async () => {
    const { served, ask, asked } = await slowServer();
    const inFlight = ask();
    await asked;
    await served.stop(200);
    await expect(inFlight).rejects.toThrow();
  });
});
