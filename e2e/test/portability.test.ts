/**
 * The checked-in supergraph is a standard artifact: another federation gateway serves it against our
 * subgraphs. Hive Gateway's runtime (scripts/hive-gateway.ts, a process of its own, configured as our
 * gateway is) answers the same query as our gateway, and the roles still hold, because the subgraphs
 * enforce them whichever gateway stands in front.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { eachLine } from '@cq/kit/lines';
import { ANALYST, officerOf, TEST_SECRET } from '@cq/kit/testing';
import { repoRoot, supergraphPath } from '@cq/schema';
import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Hub, startHub } from '../src/hub.ts';
import { freePort } from '../src/processes.ts';
import { graphql } from './generated/graphql.ts';

let hub: Hub;
let hive: { url: string; stop(): Promise<void> };

beforeAll(async () => {
  hub = await startHub();
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    SUPERGRAPH_PATH: supergraphPath,
    GATEWAY_PORT: String(port),
    AUTH_PUBLIC_KEY: hub.publicKey,
    SUBGRAPH_SECRET: TEST_SECRET,
    DATA_DIR: mkdtempSync(join(tmpdir(), 'mpg-hive-')),
    ...Object.fromEntries(Object.entries(hub.subgraphUrls).map(([name, url]) => [`${name.toUpperCase()}_URL`, url])),
  };
  const child = spawn(resolve(repoRoot, 'node_modules/.bin/tsx'), ['scripts/hive-gateway.ts'], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((done) => child.once('close', () => done()));
  const url = await new Promise<string>((done, fail) => {
    const lines: string[] = [];
    eachLine([child.stdout, child.stderr], (line) => {
      lines.push(line);
      const ready = /^ready (\S+)/.exec(line);
      if (ready?.[1]) done(ready[1]);
    });
    void exited.then(() => fail(new Error(`Hive Gateway stopped before it was ready:\n${lines.join('\n')}`)));
  });
  hive = {
    url,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}, 120_000);
afterAll(async () => {
  await hive?.stop();
  await hub?.stop();
});

const SYSTEM = graphql(`query PortableSystem($id: ID!) { system(id: $id) { id name unit { id name } } }`);
const SOME_SYSTEMS = graphql(`query PortableSystems { units(first: 1, filter: { batch: 1 }) { edges { node { id systems { id } } } } }`);

/** Posts an operation to a gateway as a viewer, with a token our identity provider (the hub's keys) signed. */
async function ask(url: string, query: string, variables: Record<string, unknown>, viewer = ANALYST) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await hub.token(viewer)}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: Record<string, unknown> | null; errors?: { extensions?: { code?: string } }[] };
}

describe('the supergraph served by Hive Gateway', () => {
  it('answers as our gateway does, and a unit officer of another unit is refused by the subgraph all the same', async () => {
    const unit = (await ask(hub.url, print(SOME_SYSTEMS), {})).data as {
      units: { edges: { node: { id: string; systems: { id: string }[] } }[] };
    };
    const first = unit.units.edges[0]?.node;
    const systemId = first?.systems[0]?.id;
    expect(systemId).toBeTruthy();
    const ours = await ask(hub.url, print(SYSTEM), { id: systemId });
    const theirs = await ask(hive.url, print(SYSTEM), { id: systemId });
    expect(ours.errors).toBeUndefined();
    expect(theirs).toEqual(ours);
    // Roles: an officer of another unit may not read the system, whichever gateway asks.
    const stranger = officerOf(first?.id === 'nanan-district' ? 'yuzhong-district' : 'nanan-district');
    const refusedHere = await ask(hub.url, print(SYSTEM), { id: systemId }, stranger);
    const refusedThere = await ask(hive.url, print(SYSTEM), { id: systemId }, stranger);
    expect(refusedHere.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(refusedThere.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(refusedThere.data?.system ?? null).toBeNull();
  });
});
