/**
 * What operators see of the hub (README, Observability): one request id from the gateway's answer to the
 * log lines of every subgraph the request touched, to a peer's lines when a subgraph asks another, and to
 * the audit entry of a change; and /metrics of the gateway and each subgraph counting the requests by
 * operation and by subgraph, with the database pools and SQL time.
 */
import { selectRows } from '@cq/kit/database';
import { memoryDestination } from '@cq/kit/log';
import { carrierStaff, OFFICE } from '@cq/kit/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Hub, startHub } from '../src/hub.ts';
import { samplesOf, scrape, sumOf } from '../src/prometheus.ts';

const SUBGRAPHS = ['units', 'vendors', 'park', 'telecom'];

/** A contract query: vendors' contracts (vendors), their units' names (units), placements (park) and circuits (telecom). */
const CONTRACTS = `query ObservedContracts {
  vendors { id contractsPage(first: 3) { edges { node { id status unit { name placements { id } circuits { id } } } } } }
}`;

const CREATE_CIRCUIT = `mutation ObservedCreateCircuit($input: CreateCircuitInput!) { createCircuit(input: $input) { id } }`;

const logs = memoryDestination();
let hub: Hub;
beforeAll(async () => {
  hub = await startHub({ logTo: logs });
});
afterAll(async () => {
  await hub?.stop();
});

/** Posts an operation as the viewer, with these headers; the answer's body and its x-request-id. */
async function ask(query: string, viewer = OFFICE, headers: Record<string, string> = {}, variables: Record<string, unknown> = {}) {
  const response = await fetch(hub.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await hub.token(viewer)}`, ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] };
  return { status: response.status, body, requestId: response.headers.get('x-request-id') };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The request lines each service logged for a request id. */
const requestLines = (requestId: string) => logs.records.filter((r) => r.requestId === requestId && r.msg === 'request');

describe('the request id', () => {
  it("is the gateway's own, answered back, and found in the request line of the gateway and of every subgraph the request touched", async () => {
    const answer = await ask(CONTRACTS, OFFICE, { 'x-request-id': 'contracts-1.a_b' });
    expect(answer.body.errors).toBeUndefined();
    const requestId = answer.requestId ?? '';
    // The gateway makes every id: a client cannot give two requests one id in the logs and the audit log.
    expect(requestId).toMatch(UUID);
    const lines = requestLines(requestId);
    expect(new Set(lines.map((l) => l.service))).toEqual(new Set(['gateway', ...SUBGRAPHS]));
    const gateway = lines.find((l) => l.service === 'gateway');
    // The client's own id, when sane, is logged beside it, so a client can still find its request.
    expect(gateway).toMatchObject({ level: 'info', operation: 'ObservedContracts', status: 200, clientRequestId: 'contracts-1.a_b' });
    expect(typeof gateway?.durationMs).toBe('number');
    // Each subgraph's line names the gateway's fetch (Apollo names it after the client's operation).
    for (const line of lines.filter((l) => l.service !== 'gateway')) expect(String(line.operation)).toMatch(/^ObservedContracts__/);
    // No line of any service carries a token.
    expect(JSON.stringify(logs.records)).not.toMatch(/Bearer|eyJ[A-Za-z0-9_-]{10,}/);
  });

  it('is new for every request, whatever the client sends; a client id that is not sane is not logged', async () => {
    const none = await ask(CONTRACTS);
    const insane = await ask(CONTRACTS, OFFICE, { 'x-request-id': `spaces and "quotes" ${'x'.repeat(80)}` });
    const again = await ask(CONTRACTS, OFFICE, { 'x-request-id': 'contracts-1.a_b' });
    for (const { requestId } of [none, insane, again]) {
      expect(requestId).toMatch(UUID);
      expect(new Set(requestLines(requestId ?? '').map((l) => l.service))).toEqual(new Set(['gateway', ...SUBGRAPHS]));
    }
    expect(new Set([none.requestId, insane.requestId, again.requestId]).size).toBe(3);
    const gatewayLine = requestLines(insane.requestId ?? '').find((l) => l.service === 'gateway');
    expect(gatewayLine).toBeDefined();
    expect(gatewayLine?.clientRequestId).toBeUndefined();
  });

  it('goes on to a peer a subgraph asks, and into the audit entry of the change', async () => {
    const carrier = carrierStaff('china-telecom-chongqing', 'observed-engineer');
    const input = { unitId: 'banan-district', dataCenterId: 'government-cloud-platform', tariffId: 'telecom-line-100' };
    const answer = await ask(CREATE_CIRCUIT, carrier, {}, { input });
    expect(answer.body.errors).toBeUndefined();
    const requestId = answer.requestId ?? '';
    // Telecom asked units whether the unit exists: units logged that question under the same id.
    const lines = requestLines(requestId);
    expect(lines.map((l) => l.service).sort()).toEqual(['gateway', 'telecom', 'units']);
    expect(lines.find((l) => l.service === 'units')?.operation).toBeTruthy();
    const entries = await selectRows<{ operation: string; actor: string; outcome: string }>(
      hub.subgraph('telecom').database.db,
      sql`select operation, actor, outcome from audit_log where request_id = ${requestId}`,
    );
    expect(entries).toEqual([{ operation: 'createCircuit', actor: 'observed-engineer', outcome: 'ALLOWED' }]);
    // The office reads it through the graph too.
    const audit = await ask(
      '{ auditLog { telecom(filter: { operation: "createCircuit" }, first: 100) { edges { node { requestId actor outcome } } } } }',
    );
    const nodes = (audit.body.data as { auditLog: { telecom: { edges: { node: Record<string, string> }[] } } }).auditLog.telecom.edges;
    expect(nodes.map((e) => e.node).filter((n) => n.requestId === requestId)).toEqual([
      { requestId, actor: 'observed-engineer', outcome: 'ALLOWED' },
    ]);
  });

  it('is logged with the code of each error of the answer', async () => {
    const refused = await ask(
      CREATE_CIRCUIT,
      carrierStaff('china-telecom-chongqing'),
      {},
      { input: { unitId: 'banan-district', dataCenterId: 'government-cloud-platform', tariffId: 'no-such-tariff' } },
    );
    expect(refused.body.errors?.map((e) => e.extensions?.code)).toEqual(['UNKNOWN_REFERENCE']);
    const lines = requestLines(refused.requestId ?? '');
    expect(lines.find((l) => l.service === 'gateway')?.errors).toEqual(['UNKNOWN_REFERENCE']);
    expect(lines.find((l) => l.service === 'telecom')?.errors).toEqual(['UNKNOWN_REFERENCE']);
  });
});

describe('/metrics', () => {
  it('counts requests by operation at the gateway and by subgraph, agreeing with what each subgraph counted', async () => {
    const before = await scrape(hub.url);
    const runs = 3;
    for (let i = 0; i < runs; i++) expect((await ask(CONTRACTS)).body.errors).toBeUndefined();
    const gateway = await scrape(hub.url);
    const delta = (name: string, labels: Record<string, string>) => sumOf(gateway, name, labels) - sumOf(before, name, labels);

    const labels = { service: 'gateway', operation: 'ObservedContracts' };
    expect(delta('cq_graphql_requests_total', { ...labels, status: '200' })).toBe(runs);
    expect(delta('cq_graphql_request_duration_seconds_count', labels)).toBe(runs);
    expect(samplesOf(gateway, 'cq_graphql_errors_total', labels)).toEqual([]);
    for (const subgraph of SUBGRAPHS) {
      // Every call the gateway made to the subgraph for this operation, and the subgraph's own count of them.
      const calls = delta('cq_subgraph_requests_total', { operation: 'ObservedContracts', subgraph, outcome: 'ok' });
      expect(calls, subgraph).toBeGreaterThanOrEqual(runs);
      expect(delta('cq_subgraph_request_duration_seconds_count', { operation: 'ObservedContracts', subgraph })).toBe(calls);
      const own = await scrape(hub.subgraph(subgraph).listening.url);
      const served = samplesOf(own, 'cq_graphql_requests_total', { service: subgraph, status: '200' })
        .filter((s) => s.labels.operation?.startsWith('ObservedContracts__'))
        .reduce((sum, s) => sum + s.value, 0);
      // All contract queries of this file so far: the 3 above and the 3 of the request-id tests.
      expect(served, subgraph).toBe(sumOf(gateway, 'cq_subgraph_requests_total', { operation: 'ObservedContracts', subgraph }));
    }
  });

  it("shows each subgraph's pools and SQL time, one timed statement for each statement run", async () => {
    const units = hub.subgraph('units');
    const before = await scrape(units.listening.url);
    const statements = units.statements.count;
    expect((await ask(CONTRACTS)).body.errors).toBeUndefined();
    const after = await scrape(units.listening.url);
    const timed = (samples: typeof after) => sumOf(samples, 'cq_sql_query_duration_seconds_count', { pool: 'db' });
    expect(timed(after) - timed(before)).toBe(units.statements.count - statements);
    expect(timed(after) - timed(before)).toBeGreaterThan(0);
    expect(sumOf(after, 'cq_db_pool_max_connections', { pool: 'db' })).toBe(10);
    expect(sumOf(after, 'cq_db_pool_max_connections', { pool: 'peer' })).toBe(4);
    // Between requests nothing is in use; what was opened stays, idle.
    expect(sumOf(after, 'cq_db_pool_connections', { pool: 'db', state: 'in_use' })).toBe(0);
    expect(sumOf(after, 'cq_db_pool_connections', { pool: 'db', state: 'idle' })).toBeGreaterThan(0);
  });

  it("keeps clients' operation names from growing the series: too long is cut, not a GraphQL name is invalid, signed out is one label", async () => {
    const long = `Q${'x'.repeat(99)}`;
    expect((await ask(`query ${long} { batches { number } }`)).status).toBe(200);
    const post = async (body: unknown, headers: Record<string, string> = {}) => {
      const answer = await fetch(hub.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
      await answer.body?.cancel();
    };
    const office = { authorization: `Bearer ${await hub.token(OFFICE)}` };
    await post({ query: '{ batches { number } }', operationName: 'not a name' }, office);
    // Signed out, a name of one's own choosing takes no label: nobody without a token uses up the names.
    const before = sumOf(await scrape(hub.url), 'cq_graphql_requests_total', { operation: 'signed-out' });
    await post({ query: 'query MadeUpBySomeone { batches { number } }' });
    const samples = await scrape(hub.url);
    expect(sumOf(samples, 'cq_graphql_requests_total', { operation: long.slice(0, 64) })).toBe(1);
    expect(sumOf(samples, 'cq_graphql_requests_total', { operation: long })).toBe(0);
    expect(sumOf(samples, 'cq_graphql_requests_total', { operation: 'invalid' })).toBe(1);
    expect(sumOf(samples, 'cq_graphql_requests_total', { operation: 'MadeUpBySomeone' })).toBe(0);
    expect(sumOf(samples, 'cq_graphql_requests_total', { operation: 'signed-out' })).toBe(before + 1);
  });
});
