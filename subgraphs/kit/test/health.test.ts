/** /health's extra fields: what a subgraph adds outside production (its SQL statement count, for `pnpm bench`). */
import { ApolloServer } from '@apollo/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Listening, serve } from '../src/http.ts';

let listening: Listening;
let statements = 0;
beforeAll(async () => {
  const server = new ApolloServer({ typeDefs: 'type Query { hello: String }', resolvers: { Query: { hello: () => 'world' } } });
  listening = await serve(server, {
    port: 0,
    context: async () => ({}),
    // Like a subgraph's check, it runs one statement.
    healthy: async () => {
      statements += 1;
      return true;
    },
    healthDetails: () => ({ statements }),
  });
});
afterAll(async () => listening?.stop());

const health = async () => (await fetch(listening.url.replace('/graphql', '/health'))).json();

describe('/health details', () => {
  it('gives the details beside the status, read before the check runs', async () => {
    expect(await health()).toEqual({ status: 'ok', statements: 0 });
    // The first check's own statement shows in the next answer: two reads in a row differ by one.
    expect(await health()).toEqual({ status: 'ok', statements: 1 });
  });
});
