/**
 * OpenTelemetry traces, exported only when configured: with `OTEL_TRACES_EXPORTER=otlp` (or an
 * `OTEL_EXPORTER_OTLP_ENDPOINT`/`OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` and no exporter named) a process
 * registers a tracer provider that sends its spans over OTLP/HTTP; otherwise none is registered, the
 * OpenTelemetry API stays a no-op, and our own code does not even start spans (`tracingOn()`).
 * Spans: the gateway's request (ours) and Apollo Gateway's own (plan, fetch per subgraph), a subgraph's
 * request (ours, child of the gateway's fetch through the W3C `traceparent` header), its SQL statements
 * (database.ts), and a subgraph's questions to a peer (services.ts carries the header on). Each service
 * names its spans' tracer `cq.<service>` and marks them `cq.service`, so spans of services sharing one
 * process (the test hub) are told apart; a process of its own also names itself in the resource.
 */
import {
  type Context,
  context,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import type { BasicTracerProvider, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { z } from 'zod';
import { parseEnv } from './config.ts';

export type TracesExporter = 'otlp' | 'console' | 'none';

/**
 * Which exporter the environment asks for: `OTEL_TRACES_EXPORTER` (otlp, console or none), else otlp when
 * an OTLP endpoint is set, else none; `OTEL_SDK_DISABLED=true` turns it off whatever else is set.
 */
export function tracesExporter(env: NodeJS.ProcessEnv = process.env): TracesExporter {
  const parsed = parseEnv(
    z.object({
      OTEL_SDK_DISABLED: z.enum(['true', 'false']).optional(),
      OTEL_TRACES_EXPORTER: z.enum(['otlp', 'console', 'none']).optional(),
      OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.url().optional(),
    }),
    env,
  );
  if (parsed.OTEL_SDK_DISABLED === 'true') return 'none';
  if (parsed.OTEL_TRACES_EXPORTER) return parsed.OTEL_TRACES_EXPORTER;
  return parsed.OTEL_EXPORTER_OTLP_ENDPOINT || parsed.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ? 'otlp' : 'none';
}

let provider: BasicTracerProvider | undefined;

/** True once a tracer provider is registered in this process: only then do services start spans. */
export const tracingOn = () => provider !== undefined;

export interface Tracing {
  /** Sends the spans still buffered. */
  flush(): Promise<void>;
  /** Flushes and stops exporting (on shutdown). */
  shutdown(): Promise<void>;
}

/**
 * Registers this process's tracer provider, once: as the environment says (tracesExporter), or with the
 * exporter given (tests: an in-memory one, each span exported as it ends). Returns undefined when tracing
 * is off. `service` names the process in the resource (`service.name`, unless OTEL_SERVICE_NAME says otherwise).
 */
export async function startTracing(
  service: string,
  options: { exporter?: SpanExporter; env?: NodeJS.ProcessEnv } = {},
): Promise<Tracing | undefined> {
  const env = options.env ?? process.env;
  if (provider) throw new Error('Tracing is already started in this process.');
  const kind = options.exporter ? 'given' : tracesExporter(env);
  if (kind === 'none') return undefined;
  // The SDK is imported only when tracing is on: under tsx a process without it never loads it; a bundle carries it, never run.
  const [{ AsyncLocalStorageContextManager }, { W3CTraceContextPropagator }, { OTLPTraceExporter }, { Resource }, sdk] = await Promise.all([
    import('@opentelemetry/context-async-hooks'),
    import('@opentelemetry/core'),
    import('@opentelemetry/exporter-trace-otlp-http'),
    import('@opentelemetry/resources'),
    import('@opentelemetry/sdk-trace-base'),
  ]);
  const { BasicTracerProvider, BatchSpanProcessor, ConsoleSpanExporter, SimpleSpanProcessor } = sdk;
  // OTLP/HTTP (JSON) to the traces endpoint, or the base endpoint's /v1/traces (the specification's rule).
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.replace(/\/$/, '');
  const url = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? (base ? `${base}/v1/traces` : undefined);
  const exporter = options.exporter ?? (kind === 'console' ? new ConsoleSpanExporter() : new OTLPTraceExporter(url ? { url } : {}));
  const started = new BasicTracerProvider({
    resource: new Resource({ 'service.name': env.OTEL_SERVICE_NAME || service, 'service.namespace': 'cq-migration-graph' }),
    spanProcessors: [kind === 'given' ? new SimpleSpanProcessor(exporter) : new BatchSpanProcessor(exporter)],
  });
  started.register({ contextManager: new AsyncLocalStorageContextManager(), propagator: new W3CTraceContextPropagator() });
  provider = started;
  return {
    flush: () => started.forceFlush(),
    shutdown: async () => {
      await started.shutdown();
      if (provider === started) {
        provider = undefined;
        trace.disable();
        context.disable();
        propagation.disable();
      }
    },
  };
}

/** The tracer of one service's own spans. */
export const tracerOf = (service: string): Tracer => trace.getTracer(`cq.${service}`);

/** The context a request arrives with: the caller's span, from its `traceparent` header (none: a new trace). */
export const contextFromHeaders = (headers: Record<string, string | string[] | undefined>): Context =>
  propagation.extract(ROOT_CONTEXT, headers);

/** Adds the current span's `traceparent` to outgoing headers (nothing when tracing is off). */
export function injectTraceHeaders(headers: { set(name: string, value: string): void }): void {
  if (!tracingOn()) return;
  propagation.inject(context.active(), headers, { set: (carrier, key, value) => carrier.set(key, value) });
}

/** Ends a span, marked failed when `error` is given. */
export function endSpan(span: Span, error?: unknown): void {
  if (error !== undefined) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
  }
  span.end();
}

export { context, SpanKind, trace };
