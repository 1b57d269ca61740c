/**
 * A trace of one contract query, as an operator's collector receives it: tracing started by configuration
 * (an OTLP endpoint, here a receiver of this test's own), the hub's spans exported over OTLP/HTTP, and
 * the trace read back from what arrived: the gateway's request, Apollo Gateway's plan and fetches, each
 * of the four subgraphs' requests under the gateway's fetch of it, and their SQL statements under them,
 * all one trace id. The hub runs its five services in this one process, so a span's service is its
 * `cq.service` attribute (each service's tracer is `cq.<service>`).
 */
import { createServer, type Server } from 'node:http';
import { carrierStaff, OFFICE } from '@cq/kit/testing';
import { startTracing, type Tracing } from '@cq/kit/tracing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Hub, startHub } from '../src/hub.ts';

/** A span as OTLP/HTTP's JSON encoding carries it (ids in hex). */
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: { key: string; value: { stringValue?: string; intValue?: number | string } }[];
}
interface OtlpExport {
  resourceSpans: { resource: { attributes: OtlpSpan['attributes'] }; scopeSpans: { scope: { name: string }; spans: OtlpSpan[] }[] }[];
}

const SERVER = 2;
const CONTRACTS = `query TracedContracts {
  vendors { id contractsPage(first: 3) { edges { node { id status unit { name placements { id } circuits { id } } } } } }
}`;

const received: { path: string; body: OtlpExport }[] = [];
let receiver: Server;
let tracing: Tracing | undefined;
let hub: Hub;

beforeAll(async () => {
  // The collector: takes OTLP/HTTP JSON exports as an OpenTelemetry Collector's receiver would.
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ path: request.url ?? '', body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpExport });
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const { port } = receiver.address() as { port: number };
  tracing = await startTracing('hub', { env: { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}` } });
  hub = await startHub();
});
afterAll(async () => {
  await hub?.stop();
  await tracing?.shutdown();
  receiver?.close();
});

/** Every span exported so far, with its tracer's name. */
const exported = () =>
  received.flatMap(({ body }) =>
    body.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans.map((span) => ({ ...span, scope: s.scope.name })))),
  );

/** Posts an operation to the gateway as the viewer; its errors, if any, and the request id the gateway gave it. */
async function ask(query: string, viewer: Parameters<Hub['token']>[0], variables: Record<string, unknown> = {}) {
  const response = await fetch(hub.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await hub.token(viewer)}` },
    body: JSON.stringify({ query, variables }),
  });
  const { errors } = (await response.json()) as { errors?: unknown };
  await tracing?.flush();
  return { errors, requestId: response.headers.get('x-request-id') ?? '' };
}

const attribute = (span: OtlpSpan | undefined, key: string) => {
  const value = span?.attributes.find((a) => a.key === key)?.value;
  return value?.stringValue ?? (value?.intValue === undefined ? undefined : Number(value.intValue));
};

describe('a trace of the contract query', () => {
  it('spans the gateway, each of the four subgraphs and their SQL, one trace exported over OTLP', async () => {
    expect(tracing).toBeDefined();
    const { errors, requestId } = await ask(CONTRACTS, OFFICE);
    expect(errors).toBeUndefined();
    expect(received.every(({ path }) => path === '/v1/traces')).toBe(true);
    expect(received[0]?.body.resourceSpans[0]?.resource.attributes).toContainEqual({ key: 'service.name', value: { stringValue: 'hub' } });
    const spans = exported();
    const root = spans.find((s) => s.scope === 'cq.gateway' && attribute(s, 'cq.request_id') === requestId);
    expect(root?.name).toBe('graphql TracedContracts');
    const trace = spans.filter((s) => s.traceId === root?.traceId);
    const byId = new Map(trace.map((s) => [s.spanId, s]));

    // Every span that names the request id is in this one trace.
    expect(spans.filter((s) => attribute(s, 'cq.request_id') === requestId).every((s) => s.traceId === root?.traceId)).toBe(true);
    // The services' requests: the gateway's and one or more of each subgraph's.
    const requests = trace.filter((s) => s.kind === SERVER);
    expect(new Set(requests.map((s) => attribute(s, 'cq.service')))).toEqual(new Set(['gateway', 'units', 'vendors', 'park', 'telecom']));
    // Apollo Gateway's own spans are there, under ours.
    for (const name of ['gateway.request', 'gateway.plan', 'gateway.execute', 'gateway.fetch'])
      expect(
        trace.some((s) => s.name === name && s.scope === 'apollo/gateway-js'),
        name,
      ).toBe(true);
    expect(byId.get(trace.find((s) => s.name === 'gateway.request')?.parentSpanId ?? '')).toBe(root);
    // Each subgraph's request continues the gateway's fetch of that subgraph (traceparent over HTTP).
    for (const request of requests.filter((s) => s !== root)) {
      const fetch = byId.get(request.parentSpanId ?? '');
      expect(fetch?.name).toBe('gateway.fetch');
      expect(attribute(fetch, 'service')).toBe(attribute(request, 'cq.service'));
    }
    // SQL statements run under a request of their own subgraph, in each of the four.
    const statements = trace.filter((s) => s.name.startsWith('sql '));
    for (const statement of statements) {
      const parent = byId.get(statement.parentSpanId ?? '');
      expect(parent?.kind).toBe(SERVER);
      expect(attribute(parent, 'cq.service')).toBe(attribute(statement, 'cq.service'));
      expect(attribute(statement, 'db.system')).toBe('postgresql');
    }
    expect(new Set(statements.map((s) => attribute(s, 'cq.service')))).toEqual(new Set(['units', 'vendors', 'park', 'telecom']));
  });

  it("carries on into a peer a subgraph asks: units' request under telecom's, when telecom checks a circuit's unit", async () => {
    const carrier = carrierStaff('china-telecom-chongqing', 'traced-engineer');
    const input = { unitId: 'banan-district', dataCenterId: 'government-cloud-platform', tariffId: 'telecom-line-100' };
    const mutation = 'mutation TracedCircuit($input: CreateCircuitInput!) { createCircuit(input: $input) { id } }';
    const { errors, requestId } = await ask(mutation, carrier, { input });
    expect(errors).toBeUndefined();
    const spans = exported().filter((s) => attribute(s, 'cq.request_id') === requestId && s.kind === SERVER);
    const telecom = spans.find((s) => attribute(s, 'cq.service') === 'telecom');
    const units = spans.find((s) => attribute(s, 'cq.service') === 'units');
    expect(telecom?.name).toBe('graphql TracedCircuit__telecom__0');
    expect(units?.parentSpanId).toBe(telecom?.spanId);
    expect(units?.traceId).toBe(telecom?.traceId);
  });
});
