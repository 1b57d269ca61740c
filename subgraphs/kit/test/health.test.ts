/** Liveness and readiness: what each answers, what readiness checks, and its extra fields outside production. */
import { ApolloServer } from '@apollo/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Listening, serve } from '../src/http.ts';

let listening: Listening;
let statements = 0;
let database: 'up' | 'down' | 'hangs' = 'up';
beforeAll(async () => {
  const server = new ApolloServer({ typeDefs: 'type Query { hello: String }', resolvers: { Query: { hello: () => 'world' } } });
  listening = await serve(server, {
    port: 0,
    context: async () => ({}),
    // Like a subgraph's check, it runs one statement.
    dependencies: () => {
      statements += 1;
      const check =
        database === 'up'
          ? Promise.resolve(true)
          : database === 'down'
            ? Promise.reject(new Error('connection refused'))
            : new Promise<boolean>(() => {});
      return { database: check };
    },
    healthDetails: () => ({ statements }),
  });
});
afterAll(async () => listening?.stop());

const get = async (path: string) => {
  const response = await fetch(listening.url.replace('/graphql', path));
  return { status: response.status, body: await response.json() };
};

describe('/health/live and /health/ready', () => {
  it('answers readiness with the details beside the status, read before the check runs', async () => {
    expect(await get('/health/ready')).toEqual({ status: 200, body: { status: 'ready', dependencies: { database: 'up' }, statements: 0 } });
    // The first check's own statement shows in the next answer: two reads in a row differ by one.
    expect((await get('/health/ready')).body.statements).toBe(1);
  });

  it('is live but not ready while a dependency fails or does not answer, and ready again when it answers', async () => {
    database = 'down';
    expect(await get('/health/live')).toEqual({ status: 200, body: { status: 'live' } });
    expect(await get('/health/ready')).toMatchObject({ status: 503, body: { status: 'unavailable', dependencies: { database: 'down' } } });
    database = 'hangs';
    expect(await get('/health/ready')).toMatchObject({ status: 503, body: { dependencies: { database: 'down' } } });
    database = 'up';
    expect((await get('/health/ready')).status).toBe(200);
  });
});
