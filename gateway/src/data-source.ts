/**
 * How the gateway calls one subgraph: signed as the caller (identity and the operation's moment), over
 * Node's fetch with a timeout, with a read retried a bounded number of times when the subgraph could not
 * be reached, and a failure turned into an error that names the subgraph. The fields that subgraph owes
 * are then missing from the answer; the rest of the answer stands.
 */
import { RemoteGraphQLDataSource } from '@apollo/gateway';
import { ANONYMOUS, signSubgraphToken } from '@cq/kit/identity';
import type { ServiceMetrics } from '@cq/kit/metrics';
import { liveMoment } from '@cq/kit/moment';
import { REQUEST_ID_HEADER, requestOf } from '@cq/kit/requests';
import { withRetries } from '@cq/kit/retry';
import { injectTraceHeaders } from '@cq/kit/tracing';
import { GraphQLError } from 'graphql';
import type { GatewayContext } from './server.ts';

/** How long the gateway waits for a subgraph, and how many times it asks again for a read. */
export interface CallPolicy {
  /** A call with no answer in this long fails (SUBGRAPH_UNAVAILABLE, "did not answer within …"). */
  timeoutMs: number;
  /** Reads asked again after a failed connection or a 502/503/504, at most this many times; mutations never. */
  retries: number;
}

export const DEFAULT_CALL_POLICY: CallPolicy = { timeoutMs: 10_000, retries: 2 };

/** Why a call failed where no subgraph's answer came: retried (for reads) unless it timed out. */
type Failure = { kind: 'timeout' } | { kind: 'unreachable'; why: string };

type ProcessOptions = Parameters<RemoteGraphQLDataSource<GatewayContext>['process']>[0];

/** A call that got no answer from the subgraph: a timeout, a connection refused or cut, a proxy's 502–504. */
function failureOf(error: unknown): Failure | undefined {
  const e = error as { name?: string; cause?: { code?: string; name?: string }; extensions?: { response?: { status?: number } } };
  if (e.name === 'TimeoutError' || e.cause?.name === 'TimeoutError') return { kind: 'timeout' };
  const status = e.extensions?.response?.status;
  if (status === 502 || status === 503 || status === 504) return { kind: 'unreachable', why: `it answered HTTP ${status}` };
  if (e.cause?.code === 'ECONNREFUSED') return { kind: 'unreachable', why: 'connection refused' };
  if (error instanceof TypeError && e.cause) return { kind: 'unreachable', why: 'the connection was lost' };
  return undefined;
}

export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    readonly name: string,
    url: string,
    private readonly key: Uint8Array,
    private readonly policy: CallPolicy,
    /** Counts and times each call by subgraph and the client's operation (none: not measured). */
    private readonly metrics?: ServiceMetrics,
  ) {
    super({
      url,
      // Node's own fetch (undici) keeps a pool of kept-alive connections per subgraph; the default
      // (make-fetch-happen) costs more per request, as the benchmark's profile showed (README, Measuring).
      fetcher: ((input: string, init: RequestInit) =>
        fetch(input, { ...init, signal: AbortSignal.timeout(policy.timeoutMs) })) as unknown as RemoteGraphQLDataSource['fetcher'],
      // Subgraph answers are never cached, so their cache-control headers need no policy computed.
      honorSubgraphCacheControlHeader: false,
    });
  }

  override async willSendRequest({ request, context }: ProcessOptions) {
    // Every subgraph call carries the caller's identity signed by the gateway, anonymous included, and the
    // operation's moment: one token per request, so every fetch reads the same instant.
    context.moment ??= liveMoment();
    context.subgraphToken ??= signSubgraphToken(context.viewer ?? ANONYMOUS, this.key, context.moment);
    request.http?.headers.set('authorization', `Bearer ${await context.subgraphToken}`);
    // The request's id, so the subgraph's log lines and audit entries carry it; and, tracing on, its trace
    // (this runs inside Apollo Gateway's fetch span, which the subgraph's span then continues).
    if (context.requestId) request.http?.headers.set(REQUEST_ID_HEADER, context.requestId);
    if (request.http) injectTraceHeaders(request.http.headers);
  }

  /**
   * Asks the subgraph; a read that got no answer (connection refused or cut, 502–504) is asked again after
   * a short backoff, at most `retries` times. A mutation is never asked twice: the first may have been
   * written before the connection broke. A timeout is not retried either: the caller has waited enough.
   */
  override async process(options: ProcessOptions) {
    const mutation = /^\s*mutation\b/.test(options.request.query ?? '');
    const retries = mutation ? 0 : this.policy.retries;
    const started = performance.now();
    const measure = (outcome: 'ok' | 'error' | 'unavailable') => {
      if (!this.metrics) return;
      const operation = this.metrics.operationOf(requestOf(options.context));
      this.metrics.subgraphRequests.inc({ subgraph: this.name, operation, outcome });
      this.metrics.subgraphDuration.observe({ subgraph: this.name, operation }, (performance.now() - started) / 1000);
    };
    try {
      const response = await withRetries(
        retries,
        () => super.process(options),
        (error) => failureOf(error)?.kind === 'unreachable',
      );
      measure(response.errors?.length ? 'error' : 'ok');
      return response;
    } catch (error) {
      const failure = failureOf(error);
      measure(failure ? 'unavailable' : 'error');
      if (!failure) throw error;
      throw this.unavailable(failure, failure.kind === 'unreachable' ? retries + 1 : 1, mutation);
    }
  }

  /** The error the caller reads for this subgraph's fields: which subgraph, what happened, what to do. */
  private unavailable(failure: Failure, attempts: number, mutation: boolean): GraphQLError {
    const why =
      failure.kind === 'timeout'
        ? `it did not answer within ${this.policy.timeoutMs / 1000} s`
        : `${failure.why}${attempts > 1 ? `, ${attempts} attempts` : ''}`;
    // A change whose request reached the subgraph may be made there even though no answer came back.
    const next = mutation ? 'A change may have been made all the same: read before sending it again.' : 'Retry shortly.';
    return new GraphQLError(
      `The ${this.name} subgraph could not answer (${why}); the fields it serves are missing from this answer. ${next}`,
      { extensions: { code: 'SUBGRAPH_UNAVAILABLE', subgraph: this.name, reason: failure.kind } },
    );
  }

  /**
   * A subgraph refuses a request it cannot even execute (a variable its scalar rejects, say) with an HTTP
   * 400 and GraphQL errors in the body; pass those errors on as they are instead of a bare "400: Bad Request".
   */
  override async errorFromResponse(response: Parameters<RemoteGraphQLDataSource['errorFromResponse']>[0]) {
    const error = await super.errorFromResponse(response);
    const body = (
      error.extensions.response as { body?: { errors?: { message?: string; extensions?: Record<string, unknown> }[] } } | undefined
    )?.body;
    const first = body?.errors?.[0];
    return first?.message ? new GraphQLError(first.message, { extensions: { ...error.extensions, ...first.extensions } }) : error;
  }
}
