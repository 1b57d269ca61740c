/**
 * A subgraph from the template (scripts/scaffold/) composes with the four and answers through the
 * gateway, joined to the units subgraph's Unit. It is scaffolded into a folder of the test's own inside
 * the repository (node resolves its imports from the root node_modules), never into subgraphs/ or the
 * registry, which other tests read at the same time; its operations are raw strings, since the checked-in
 * graph (which the typed test operations are generated against) does not have it.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, rmdirSync, rmSync } from 'node:fs';
import type { BaseContext } from '@apollo/server';
import { buildGateway, gatewayHttp } from '@cq/gateway';
import { identityVerifier } from '@cq/gateway/auth';
import { type Listening, serve } from '@cq/kit/http';
import type { Viewer } from '@cq/kit/identity';
import { DEFAULT_AUDIENCE, DEVELOPMENT_ISSUER, developmentToken, newKeys } from '@cq/kit/secrets';
import { OFFICE, serveTestSubgraph, TEST_SECRET, type TestSubgraph } from '@cq/kit/testing';
import { readSdl, repoRoot, subgraphs } from '@cq/schema';
import { composeSupergraph } from '@cq/schema/compose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Scaffolded, scaffoldSubgraph } from '../../scripts/scaffold/index.ts';
import { type Hub, startHub } from '../src/hub.ts';
import { creatorOf } from '../src/subgraph-modules.ts';

const playground = `${repoRoot}.scaffold-test/`;
const root = `${playground}${randomBytes(4).toString('hex')}/`;
const keys = newKeys();
let scaffolded: Scaffolded;
let supergraph: string;
let hub: Hub;
let sample: TestSubgraph<BaseContext> & { listening: Listening };
let gateway: Listening;

beforeAll(async () => {
  scaffolded = scaffoldSubgraph({ name: 'sample', root });
  const sdl = readFileSync(`${scaffolded.dir}schema.graphql`, 'utf8');
  supergraph = composeSupergraph(readSdl, [{ name: 'sample', url: `http://127.0.0.1:${scaffolded.port}/graphql`, sdl }]);
  hub = await startHub();
  // An empty database: the subgraph's own migration (drizzle/0000_init.sql) runs on open.
  sample = await serveTestSubgraph('sample', await creatorOf('sample', scaffolded.dir), { empty: true });
  const subgraphUrls = {
    ...Object.fromEntries(subgraphs.map(({ name }) => [name, hub.subgraph(name).listening.url])),
    sample: sample.listening.url,
  };
  const auth = { keys: { publicKey: keys.publicKey }, issuer: DEVELOPMENT_ISSUER, audience: DEFAULT_AUDIENCE, algorithms: ['ES256'] };
  gateway = await serve(buildGateway({ supergraphSdl: supergraph, subgraphUrls, subgraphSecret: TEST_SECRET, explorer: 'none' }), {
    port: 0,
    ...gatewayHttp({
      identityOf: identityVerifier(auth),
      subgraphSecret: TEST_SECRET,
      subgraphUrls,
      rateLimitPerMinute: 1_000_000,
      explorer: 'none',
    }),
  });
});

afterAll(async () => {
  await gateway?.stop();
  await sample?.stop();
  await hub?.stop();
  rmSync(root, { recursive: true, force: true });
  try {
    rmdirSync(playground); // only when no other run scaffolds there now
  } catch {
    // another run's folder is still there
  }
});

/** Posts an operation to the composed gateway as the viewer; the answer's body. */
async function ask(query: string, variables: Record<string, unknown>, viewer: Viewer) {
  const response = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await developmentToken(keys.signingKey, viewer)}` },
    body: JSON.stringify({ query, variables }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { data?: Record<string, unknown> | null; errors?: { message: string }[] };
}

type Units = { units: { edges: { node: { id: string; name: string; sampleServices: { id: string; name: string }[] | null } }[] } };
const UNITS = 'query SampleOfUnits { units(first: 2) { edges { node { id name sampleServices { id name } } } } }';
const CREATE = 'mutation CreateSample($input: CreateSampleServiceInput!) { createSampleService(input: $input) { id unit { id name } } }';

describe('a scaffolded subgraph', () => {
  it('writes the shared shape, with the field joined to Unit', () => {
    for (const file of [
      'schema.graphql',
      'drizzle/0000_init.sql',
      'drizzle/meta/_journal.json',
      'src/domain/policy.ts',
      'test/sample.test.ts',
    ])
      expect(scaffolded.files).toContain(file);
    expect(scaffolded.port).toBe(Math.max(...subgraphs.map((s) => s.port)) + 1);
    expect(readFileSync(`${scaffolded.dir}schema.graphql`, 'utf8')).toMatch(
      /type Unit @key\(fields: "id"\) \{[^}]*sampleServices: \[SampleService!\]\n/,
    );
  });

  it('refuses a name that is not lower-case letters, one the registry lists, and a port taken', () => {
    expect(() => scaffoldSubgraph({ name: 'Sample2', root })).toThrow(/lower-case letters/);
    expect(() => scaffoldSubgraph({ name: 'telecom', root })).toThrow(/already lists a subgraph named telecom/);
    expect(() => scaffoldSubgraph({ name: 'other', port: 4001, root })).toThrow(/Port 4001 is the units subgraph's/);
  });

  it('composes with the four subgraphs', () => {
    expect(supergraph).toContain('SAMPLE @join__graph(name: "sample"');
    expect(supergraph).toMatch(/sampleServices: \[SampleService!\] @join__field\(graph: SAMPLE\)/);
  });

  it('answers through the gateway a field joined to Unit, in one statement for the page of units', async () => {
    const before = sample.database.statements.count;
    const empty = await ask(UNITS, {}, OFFICE);
    expect(empty.errors).toBeUndefined();
    const units = (empty.data as Units).units.edges.map((e) => e.node);
    expect(units).toHaveLength(2);
    expect(units.map((u) => u.sampleServices)).toEqual([[], []]);
    expect(sample.database.statements.count - before).toBe(1);

    const [first, second] = units;
    const created = await ask(
      CREATE,
      { input: { id: 'sample-archive', unitId: first?.id, name: 'Archive', officialName: '档案服务' } },
      OFFICE,
    );
    expect(created).toEqual({ data: { createSampleService: { id: 'sample-archive', unit: { id: first?.id, name: first?.name } } } });

    const joined = (await ask(UNITS, {}, OFFICE)).data as Units;
    expect(joined.units.edges.map((e) => [e.node.id, e.node.sampleServices])).toEqual([
      [first?.id, [{ id: 'sample-archive', name: 'Archive' }]],
      [second?.id, []],
    ]);
  });
});
