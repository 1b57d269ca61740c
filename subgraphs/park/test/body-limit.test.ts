/**
 * A subgraph's body limit (kit: server.ts, SUBGRAPH_BODY_LIMIT_BYTES), served over real HTTP: the gateway's
 * entity requests may be larger than the 1 MB a client may send the gateway, up to 16 MB, but only a
 * request the gateway signed is read past 1 MB; the park stands for every subgraph.
 */

import type { Listening } from '@cq/kit/http';
import { BODY_LIMIT_BYTES } from '@cq/kit/http';
import { SUBGRAPH_BODY_LIMIT_BYTES } from '@cq/kit/server';
import { OFFICE, serveTestSubgraph, signedFor, type TestSubgraph } from '@cq/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '../src/context.ts';
import { createParkSubgraph } from '../src/server.ts';

let park: TestSubgraph<Context> & { listening: Listening };
beforeAll(async () => {
  park = await serveTestSubgraph('park', createParkSubgraph);
});
afterAll(async () => park?.stop());

/** An entity request for the same data centre `count` times, as the gateway sends one for a long list. */
const entities = (count: number) =>
  JSON.stringify({
    query: 'query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on DataCenter { id } } }',
    variables: { representations: Array.from({ length: count }, () => ({ __typename: 'DataCenter', id: 'government-cloud-platform' })) },
  });

const post = async (body: string, headers: Record<string, string>) => {
  const response = await fetch(park.listening.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return {
    status: response.status,
    body: (await response.json()) as { data?: { _entities: unknown[] }; errors?: { extensions?: { code?: string } }[] },
  };
};

describe("a subgraph's body limit", () => {
  it('reads an entity request the gateway signed past the 1 MB a client may send', async () => {
    const body = entities(40_000);
    expect(body.length).toBeGreaterThan(BODY_LIMIT_BYTES);
    const answer = await post(body, await signedFor(OFFICE));
    expect(answer.status).toBe(200);
    expect(answer.body.data?._entities.length).toBe(40_000);
  });

  it('refuses a large request nobody signed before reading it (401), and any request past 16 MB (413)', async () => {
    const unsigned = await post(entities(40_000), {});
    expect(unsigned.status).toBe(401);
    expect(unsigned.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const huge = await post(
      JSON.stringify({ query: `{ __typename } # ${'x'.repeat(SUBGRAPH_BODY_LIMIT_BYTES)}` }),
      await signedFor(OFFICE),
    );
    expect(huge.status).toBe(413);
  });
});
