/**
 * What a service observes of each GraphQL request: its id, the operation it named, its status, its time
 * and its errors' codes, written as one log line and counted in the metrics when the answer is sent
 * (http.ts), and its span when tracing is on. The request id is the client's `x-request-id` when it is a
 * sane one, else a new UUID; it is answered in the same header, sent on every subgraph call and every
 * question to a peer, and recorded in the audit log, so one id finds a request everywhere it went.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { ApolloServer, ApolloServerPlugin, BaseContext } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import type { Span } from '@opentelemetry/api';
import { databaseRefusal } from './errors.ts';
import { defaultLogger, type Logger } from './log.ts';
import { ServiceMetrics } from './metrics.ts';

export const REQUEST_ID_HEADER = 'x-request-id';

/** A request id a client may choose: short, and only characters safe in a log line or a header. */
const SANE_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** A caller's request id when it is sane (short, safe in a log line or a header), else undefined. */
export const saneRequestId = (header: string | string[] | undefined): string | undefined =>
  typeof header === 'string' && SANE_ID.test(header) ? header : undefined;

/** The caller's request id when it is sane, else a new one. */
export const requestIdFrom = (header: string | string[] | undefined): string => saneRequestId(header) ?? randomUUID();

/** One GraphQL request as the service saw it. */
export interface RequestRecord {
  id: string;
  /** The operation name the request gave or its document named; null: none (anonymous); undefined: GraphQL never saw it. */
  operation?: string | null;
  /** The codes (extensions.code) of the answer's errors. */
  errors: string[];
  /** True when the caller was signed out (metrics.ts: its operation is not labelled by name). */
  signedOut?: boolean;
  /** The request's own span, when tracing is on. */
  span?: Span;
}

/** What a service logs and counts with; one per service (the test hub runs five in one process). */
export interface Observability {
  service: string;
  logger: Logger;
  metrics: ServiceMetrics;
}

const records = new WeakMap<IncomingMessage, RequestRecord>();
const observabilities = new WeakMap<object, Observability>();
/** Where a GraphQL context holds its request's record: a symbol, kept by the copy Apollo Server makes of each context. */
const RECORD = Symbol('request record');

/** The record of a request, by its raw HTTP request (context functions) or its GraphQL context (plugins, data sources). */
export function requestOf(key: IncomingMessage | object | undefined): RequestRecord | undefined {
  if (!key) return undefined;
  return (key as { [RECORD]?: RequestRecord })[RECORD] ?? records.get(key as IncomingMessage);
}

/** Starts the record of a request (http.ts, on its arrival). */
export function startRecord(raw: IncomingMessage, id: string): RequestRecord {
  const record: RequestRecord = { id, errors: [] };
  records.set(raw, record);
  return record;
}

/** Ties a GraphQL context to its request's record, so the plugin below finds it. */
export function linkContext(context: object, record: RequestRecord | undefined): void {
  if (record) Object.assign(context, { [RECORD]: record });
}

/** Names the logger and metrics a server's builder made (createSubgraph, buildGateway), for `serve` to use. */
export function observe<C extends BaseContext>(server: ApolloServer<C>, observability: Observability): void {
  observabilities.set(server, observability);
}

/** The observability a server's builder named, or a quiet default for a server built elsewhere. */
export function observabilityOf(server: object, service = 'graphql'): Observability {
  return observabilities.get(server) ?? { service, logger: defaultLogger(service), metrics: new ServiceMetrics(service) };
}

/**
 * True for an error whose cause is ours, not the caller's (no code, or INTERNAL_SERVER_ERROR, and not a
 * database refusal the catalogue names): its message and stack go to the log, never to the answer.
 */
function internalCause(error: { extensions?: Record<string, unknown>; originalError?: unknown }): unknown {
  const code = error.extensions?.code;
  if (code && code !== 'INTERNAL_SERVER_ERROR') return undefined;
  const cause = unwrapResolverError(error);
  return databaseRefusal(cause) ? undefined : cause;
}

/** Fills a request's record from GraphQL's side (its operation, its errors) and logs internal failures. */
export function recordingPlugin<C extends BaseContext>({ logger }: Observability): ApolloServerPlugin<C> {
  return {
    async requestDidStart({ contextValue, request }) {
      const record = requestOf(contextValue);
      if (!record) return;
      record.operation = request.operationName ?? null;
      record.signedOut = (contextValue as { viewer?: { role?: string } }).viewer?.role === 'anonymous';
      return {
        async didResolveOperation({ operationName }) {
          record.operation = operationName ?? request.operationName ?? null;
        },
        async didEncounterErrors({ errors }) {
          for (const error of errors) {
            const cause = internalCause(error);
            if (cause !== undefined) logger.error({ requestId: record.id, err: cause, path: error.path?.join('.') }, 'internal error');
          }
        },
        async willSendResponse({ response }) {
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
          record.errors = (errors ?? []).map((e) => ServiceMetrics.code(e.extensions?.code));
        },
      };
    },
  };
}

/** A name for a log line: a client's operation name, cut to a readable length. */
export const loggedName = (name: string | null | undefined) => (name ? name.slice(0, 100) : null);
