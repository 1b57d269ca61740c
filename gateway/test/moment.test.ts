/**
 * The gateway decides each operation's moment and passes it, signed, to the subgraphs (moment.ts): here
 * the gateway in front of the real units subgraph, over HTTP.
 */

import type { Listening } from '@cq/kit/http';
import { serve } from '@cq/kit/http';
import { secretKey } from '@cq/kit/identity';
import { DEFAULT_AUDIENCE, DEVELOPMENT_ISSUER, developmentToken, newKeys } from '@cq/kit/secrets';
import { askPeerFor } from '@cq/kit/services';
import { OFFICE, serveTestSubgraph, TEST_SECRET } from '@cq/kit/testing';
import { readSupergraph } from '@cq/schema';
import { createUnitsSubgraph } from '@cq/units';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identityVerifier } from '../src/auth.ts';
import { buildGateway, gatewayHttp } from '../src/server.ts';

const keys = newKeys();
/** The real units subgraph behind the gateway: how many requests reached it, and its stop. */
let units: { listening: Listening; stop(): Promise<void> };
let gateway: Listening;

beforeAll(async () => {
  units = await serveTestSubgraph('units', createUnitsSubgraph);
  const auth = { keys: { publicKey: keys.publicKey }, issuer: DEVELOPMENT_ISSUER, audience: DEFAULT_AUDIENCE, algorithms: ['ES256'] };
  gateway = await serve(
    buildGateway({
      supergraphSdl: readSupergraph(),
      subgraphUrls: { units: units.listening.url },
      subgraphSecret: TEST_SECRET,
      explorer: 'none',
    }),
    {
      port: 0,
      ...gatewayHttp({
        identityOf: identityVerifier(auth),
        subgraphSecret: TEST_SECRET,
        subgraphUrls: { units: units.listening.url },
        rateLimitPerMinute: 1_000_000,
        explorer: 'none',
      }),
    },
  );
});
afterAll(async () => {
  await gateway?.stop();
  await units?.stop();
});

interface Answer {
  status: number;
  body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions: Record<string, unknown> }[] };
}

/** Posts an operation as the joint-conference office, with an As-Of header when given. */
async function ask(query: string, { asOf, variables }: { asOf?: string; variables?: Record<string, unknown> } = {}): Promise<Answer> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    authorization: `Bearer ${await developmentToken(keys.signingKey, OFFICE)}`,
    ...(asOf ? { 'as-of': asOf } : {}),
  };
  const response = await fetch(gateway.url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

// A pilot system of batch 1, whose stage moved between August and October 2015 (the units seed); the
// fields asking their own asOf are the oracle the operation's moment is compared with.
const SYSTEM = `query GatewaySystemStage { system(id: "tourism-bureau-system-1") {
  stage august: stage(asOf: "2015-08-01") october: stage(asOf: "2015-10-01") } }`;

type Stages = { stage: string | null; august: string | null; october: string | null };
const stagesOf = (answer: Answer) => (answer.body.data?.system ?? null) as Stages | null;

describe("the operation's moment at the gateway", () => {
  it('passes the As-Of header to the subgraph, signed: every field reads it, a field asking its own asOf excepted', async () => {
    const august = stagesOf(await ask(SYSTEM, { asOf: '2015-08-01' }));
    const october = stagesOf(await ask(SYSTEM, { asOf: '2015-10-01' }));
    expect(august?.august).not.toEqual(august?.october);
    expect(august?.stage).toEqual(august?.august);
    expect(october?.stage).toEqual(october?.october);
    // Without a header, the moment is now: the explicit fields still answer for their own moments.
    expect(stagesOf(await ask(SYSTEM))).toMatchObject({ august: august?.august, october: october?.october });
  });

  it("lifts a root field's asOf (literal or variable) to the whole operation: nested fields never mix moments", async () => {
    const query = `query GatewayOverdue($asOf: String) { overdueSystems(asOf: $asOf, batch: 1) {
      edges { node { stage system { stage isOverdue } } } } }`;
    const answer = await ask(query, { variables: { asOf: '2015-09-30' } });
    const overdue = answer.body.data?.overdueSystems as
      | { edges: { node: { stage: string; system: { stage: string; isOverdue: boolean } } }[] }
      | undefined;
    const edges = overdue?.edges ?? [];
    expect(edges.length).toBeGreaterThan(0);
    for (const { node } of edges) expect(node.system).toEqual({ stage: node.stage, isOverdue: true });
    // The header saying the same moment agrees; the answer is the same.
    expect((await ask(query, { variables: { asOf: '2015-09-30' }, asOf: '2015-10-01T00:00:00+08:00' })).body).toEqual(answer.body);
  });

  it('refuses moments that disagree, and a mutation asked as of a moment, before any subgraph is asked (HTTP 400)', async () => {
    const before = units.listening.requests.count;
    const conflict = await ask(`{ overdueSystems(asOf: "2015-09-30") { totalCount } }`, { asOf: '2015-12-31' });
    expect(conflict.status).toBe(400);
    expect(conflict.body.errors?.[0]).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', field: 'asOf' },
      message: expect.stringMatching(/the As-Of header means 2015-12-31T16:00:00.000Z, overdueSystems\(asOf: "2015-09-30"\) means/),
    });
    const roots = await ask(
      `{ a: overdueSystems(asOf: "2015-09-30") { totalCount } b: progressReport(groupBy: BATCH, asOf: "2016-06-30") { asOf } }`,
    );
    expect(roots.body.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    const change = await ask(
      `mutation GatewayLateChange { markCentralised(input: { systemId: "tourism-bureau-system-1", expectedVersion: 1 }) { id } }`,
      {
        asOf: '2015-09-30',
      },
    );
    expect(change.status).toBe(400);
    expect(change.body.errors?.[0]).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT' },
      message: expect.stringMatching(/history is not rewritten/),
    });
    const malformed = await ask(SYSTEM, { asOf: 'yesterday' });
    expect(malformed.body.errors?.[0]?.message).toMatch(/^The As-Of header: asOf must be a date/);
    expect(units.listening.requests.count).toBe(before);
  });
});

describe('the moment of a question one subgraph asks another', () => {
  it("is the asking request's moment, signed the same way (kit: services.ts)", async () => {
    // The park's client for its units questions, as the kit builds it for each request.
    const askPeer = askPeerFor('park', secretKey(TEST_SECRET), { units: units.listening.url });
    const question = `query ParkAsksStage { system(id: "tourism-bureau-system-1") { stage august: stage(asOf: "2015-08-01") } }`;
    type Answer = { system: { stage: string | null; august: string | null } };
    const august = await askPeer({ at: new Date('2015-08-01T24:00:00+08:00'), asOf: true })<Answer>('units', question);
    expect(august.system.stage).toBe(august.system.august);
    const now = await askPeer({ at: new Date(), asOf: false })<Answer>('units', question);
    expect(now.system.stage).not.toBe(august.system.august);
  });
});
