/**
 * The kit's observability on its own (README, Observability): request ids a client may choose, log lines
 * (one per request, internal failures with their cause, the text format), bounded metric labels, who may
 * scrape /metrics, and when traces are exported.
 */
import { ApolloServer } from '@apollo/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricsAccess } from '../src/config.ts';
import { type Listening, serve } from '../src/http.ts';
import { createLogger, memoryDestination, textLine } from '../src/log.ts';
import { MAX_OPERATIONS, mayScrape, ServiceMetrics } from '../src/metrics.ts';
import { requestIdFrom } from '../src/requests.ts';
import { formatError } from '../src/server.ts';
import { tracesExporter } from '../src/tracing.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const TOKEN = 'a-scraper-token-of-32-characters';

const logs = memoryDestination();
const metrics = new ServiceMetrics('test');
let listening: Listening;
beforeAll(async () => {
  const server = new ApolloServer({
    typeDefs: 'type Query { hello: String, broken: String }',
    resolvers: {
      Query: {
        hello: () => 'world',
        broken: () => {
          throw new Error('connect ECONNREFUSED 10.0.0.5:5432 password=secret');
        },
      },
    },
    // A subgraph's: the cause of an internal failure stays out of the answer.
    formatError,
  });
  listening = await serve(server, {
    port: 0,
    context: async () => ({}),
    observability: { service: 'test', logger: createLogger('test', { level: 'info', destination: logs }), metrics },
    metricsAccess: { token: TOKEN, openWithoutToken: false },
    // As a subgraph serves: its caller's request id is kept.
    keepsCallerRequestId: true,
  });
});
afterAll(async () => listening?.stop());

const post = (query: string, headers: Record<string, string> = {}) =>
  fetch(listening.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) });

describe('request ids', () => {
  it("keep a client's sane id (at most 64 of A-Z a-z 0-9 . _ -) and make a UUID for any other", () => {
    expect(requestIdFrom('req-1.2_3')).toBe('req-1.2_3');
    expect(requestIdFrom('x'.repeat(64))).toBe('x'.repeat(64));
    for (const insane of ['x'.repeat(65), 'has space', 'quote"', 'line\nbreak', '', undefined, ['a', 'b']])
      expect(requestIdFrom(insane)).toMatch(UUID);
  });
});

describe('log lines', () => {
  it('write one line per request with its id, operation, status, time and error codes, and an internal failure with its cause', async () => {
    const answer = await post('query Broken { broken }', { 'x-request-id': 'unit-test-1' });
    expect(answer.headers.get('x-request-id')).toBe('unit-test-1');
    const body = await answer.text();
    expect(body).not.toContain('ECONNREFUSED');
    const lines = logs.records.filter((r) => r.requestId === 'unit-test-1');
    expect(lines.map((l) => [l.level, l.msg])).toEqual([
      ['error', 'internal error'],
      ['info', 'request'],
    ]);
    expect(lines[0]).toMatchObject({
      service: 'test',
      path: 'broken',
      err: { message: 'connect ECONNREFUSED 10.0.0.5:5432 password=secret' },
    });
    expect(lines[1]).toMatchObject({ operation: 'Broken', status: 200, errors: ['INTERNAL_SERVER_ERROR'] });
    expect(typeof lines[1]?.durationMs).toBe('number');
    expect(lines[1]?.time).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('never write a token, even one passed by mistake', () => {
    const captured = memoryDestination();
    const logger = createLogger('test', { level: 'info', destination: captured });
    logger.info({ authorization: 'Bearer abc', peer: { token: 'abc' } }, 'asked');
    logger.info({ Authorization: 'Bearer abc' }, 'asked');
    logger.info({ request: { headers: { authorization: 'Bearer abc' } } }, 'asked');
    logger.info({ err: { config: { token: 'abc' } } }, 'failed');
    logger.info({ call: { options: { auth: { password: 'abc' } } } }, 'asked');
    expect(captured.records).toHaveLength(5);
    expect(JSON.stringify(captured.records)).not.toContain('abc');
  });

  it('read as plain lines in the text format: the message alone, then fields as key=value, a stack below', () => {
    const record = (fields: Record<string, unknown>) =>
      JSON.stringify({ level: 'info', time: 'now', pid: 1, hostname: 'h', service: 'units', ...fields });
    expect(textLine(record({ msg: 'units: SIGTERM: draining requests in flight (at most 10 s), then stopping' }))).toEqual({
      line: 'units: SIGTERM: draining requests in flight (at most 10 s), then stopping',
      toStderr: false,
    });
    expect(
      textLine(record({ msg: 'request', requestId: 'r1', operation: 'Units', status: 200, errors: ['FORBIDDEN', 'CONFLICT'] })).line,
    ).toBe('request requestId=r1 operation=Units status=200 errors=FORBIDDEN,CONFLICT');
    const failed = textLine(record({ level: 'error', msg: 'internal error', err: { message: 'boom', stack: 'Error: boom\n    at x' } }));
    expect(failed).toEqual({ line: 'internal error\n  Error: boom\n      at x', toStderr: true });
  });
});

describe('metric labels', () => {
  it('name operations by their GraphQL name, cut to 64 characters, and only the first MAX_OPERATIONS distinct ones', () => {
    const labels = new ServiceMetrics('labels');
    expect(labels.operation(undefined)).toBe('anonymous');
    expect(labels.operation('not a name')).toBe('invalid');
    expect(labels.operation(`Q${'x'.repeat(100)}`)).toBe(`Q${'x'.repeat(63)}`);
    for (let i = 1; i < MAX_OPERATIONS; i++) expect(labels.operation(`Op${i}`)).toBe(`Op${i}`);
    expect(labels.operation('OneTooMany')).toBe('other');
    expect(labels.operation('Op1')).toBe('Op1');
    expect(ServiceMetrics.code('FORBIDDEN')).toBe('FORBIDDEN');
    expect(ServiceMetrics.code('free text from somewhere')).toBe('UNKNOWN');
  });
});

describe('who may scrape /metrics', () => {
  it('with a token, only a caller that sends it; without, anyone in development and no one in production', () => {
    for (const openWithoutToken of [true, false]) {
      const withToken = { token: TOKEN, openWithoutToken };
      expect(mayScrape(withToken, `Bearer ${TOKEN}`)).toBe(true);
      expect(mayScrape(withToken, 'Bearer wrong')).toBe(false);
      expect(mayScrape(withToken, `Bearer ${TOKEN}x`)).toBe(false);
      expect(mayScrape(withToken, undefined)).toBe(false);
    }
    expect(mayScrape({ openWithoutToken: true }, undefined)).toBe(true);
    expect(mayScrape({ openWithoutToken: false }, undefined)).toBe(false);
    expect(metricsAccess({ NODE_ENV: 'production' })).toEqual({ token: undefined, openWithoutToken: false });
    expect(metricsAccess({})).toEqual({ token: undefined, openWithoutToken: true });
  });

  it('serves the counts over HTTP to the scraper with the token only', async () => {
    await post('query Hello { hello }');
    const metricsUrl = listening.url.replace('/graphql', '/metrics');
    expect((await fetch(metricsUrl)).status).toBe(403);
    const scraped = await fetch(metricsUrl, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(scraped.status).toBe(200);
    expect(scraped.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await scraped.text();
    expect(text).toContain('cq_graphql_requests_total{operation="Hello",status="200",service="test"} 1');
    expect(text).toContain('cq_graphql_errors_total{operation="Broken",code="INTERNAL_SERVER_ERROR",service="test"} 1');
    // Scrapes and health checks are not GraphQL requests.
    expect(text).not.toMatch(/operation="(unknown|anonymous)"/);
  });
});

describe('traces', () => {
  it('are exported only when configured: an OTLP endpoint or OTEL_TRACES_EXPORTER, never with OTEL_SDK_DISABLED', () => {
    expect(tracesExporter({})).toBe('none');
    expect(tracesExporter({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe('otlp');
    expect(tracesExporter({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' })).toBe('otlp');
    expect(tracesExporter({ OTEL_TRACES_EXPORTER: 'console' })).toBe('console');
    expect(tracesExporter({ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe('none');
    expect(tracesExporter({ OTEL_SDK_DISABLED: 'true', OTEL_TRACES_EXPORTER: 'otlp' })).toBe('none');
    expect(() => tracesExporter({ OTEL_TRACES_EXPORTER: 'zipkin' })).toThrow(/OTEL_TRACES_EXPORTER/);
  });
});
