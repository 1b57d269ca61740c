/**
 * Abuse limits, applied at the gateway before any subgraph is called: the number of tokens (graphql-js's
 * own parser limit), the shape of an operation (depth, aliases, directives, cost) with graphql-armor's
 * rules, and a rate limit per identity with @fastify/rate-limit (in memory, or shared between replicas
 * through Redis). The limits sit well above every saved operation (a test holds them to that) and far
 * below what one request could make the subgraphs do.
 */
import type { ApolloServerPlugin, GraphQLRequestContextDidResolveOperation } from '@apollo/server';
import type { Viewer } from '@cq/kit/identity';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { GraphQLError, type GraphQLFormattedError, type ValidationContext, validate } from 'graphql';
import { Redis } from 'ioredis';

export const LIMITS = {
  /** Field nesting; the deepest saved operation reaches 9. */
  maxDepth: 12,
  /** Aliases per operation; a saved operation uses at most a few. */
  maxAliases: 20,
  /** Directives per operation (@include, @skip). */
  maxDirectives: 20,
  /** Lexical tokens per document. */
  maxTokens: 3000,
  /** graphql-armor's cost: 2 per object, 1 per scalar, growing 1.5× with depth. */
  maxCost: 20_000,
} as const;

/** A refusal by graphql-armor, with our code and the limit's own message. */
const refuse = (context: ValidationContext | null, error: GraphQLError) =>
  context?.reportError(new GraphQLError(error.message, { extensions: { code: 'QUERY_TOO_COMPLEX' } }));

const reject = { propagateOnRejection: false, onReject: [refuse] };

/**
 * The operation-shape limits: armor's validation rules, and its plugin that hides field suggestions in
 * production. The rules run once the operation is known to be valid GraphQL (Apollo Server would report
 * them as plain validation failures); an operation over a limit is refused whole with QUERY_TOO_COMPLEX.
 */
export function operationLimits(production: boolean) {
  const { validationRules, plugins } = new ApolloArmor({
    maxDepth: { n: LIMITS.maxDepth, ...reject },
    maxAliases: { n: LIMITS.maxAliases, ...reject },
    maxDirectives: { n: LIMITS.maxDirectives, ...reject },
    // graphql-js counts tokens while parsing (parseOptions below); armor's own counter would report nothing.
    maxTokens: { enabled: false },
    costLimit: { maxCost: LIMITS.maxCost, ...reject },
    blockFieldSuggestion: { enabled: production },
  }).protect();
  const shapeLimits: ApolloServerPlugin = {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document }: GraphQLRequestContextDidResolveOperation<object>) {
          const [problem] = validate(schema, document, validationRules);
          if (problem) throw new GraphQLError(problem.message, { extensions: { code: 'QUERY_TOO_COMPLEX', http: { status: 400 } } });
        },
      };
    },
  };
  return { validationRules, plugins: [...plugins, shapeLimits], parseOptions: { maxTokens: LIMITS.maxTokens } };
}

/** graphql-js's token limit is a parse failure (its message reads "more that"); it is the same refusal as the other limits, so it gets their code. */
export function limitCode(formatted: GraphQLFormattedError): GraphQLFormattedError {
  return /^Syntax Error: Document contains more tha[nt] \d+ tokens/.test(formatted.message)
    ? { ...formatted, extensions: { ...formatted.extensions, code: 'QUERY_TOO_COMPLEX' } }
    : formatted;
}

export interface RateLimitOptions {
  perMinute: number;
  redisUrl?: string;
  /** The identity a request was verified as, or none (anonymous: its address counts). */
  viewerOf: (request: { raw: unknown; ip: string }) => Viewer | undefined;
}

/**
 * The routes that act as the caller: /graphql, and the endpoints that run GraphQL for it (the dashboard's
 * inventory upload and report export). Each verifies the caller's token first and counts in the rate limit.
 */
export const actsAsCaller = (url: string) => ['/graphql', '/inventory/', '/reports/'].some((route) => url.startsWith(route));

/** Counts requests to the routes that act as the caller per identity per minute; over the limit, 429 with RATE_LIMITED. */
export async function rateLimit(app: FastifyInstance, { perMinute, redisUrl, viewerOf }: RateLimitOptions): Promise<void> {
  const redis = redisUrl ? new Redis(redisUrl, { connectTimeout: 2000, maxRetriesPerRequest: 1, lazyConnect: false }) : undefined;
  if (redis) app.addHook('onClose', async () => void redis.disconnect());
  await app.register(fastifyRateLimit, {
    max: perMinute,
    timeWindow: 60_000,
    redis,
    nameSpace: 'cq-gateway-rate:',
    // Without Redis the count stays per process; with it, a failing Redis lets requests through rather
    // than refusing everyone.
    skipOnError: true,
    allowList: (request) => !actsAsCaller(request.url),
    keyGenerator: (request) => {
      const viewer = viewerOf(request);
      return viewer && viewer.role !== 'anonymous' ? `${viewer.role}:${viewer.id}` : `address:${request.ip}`;
    },
    errorResponseBuilder: (_, context) => {
      const retryAfterSeconds = Math.ceil(context.ttl / 1000);
      return Object.assign(new Error(`Rate limit: at most ${context.max} requests a minute; retry in ${retryAfterSeconds} s.`), {
        statusCode: 429,
        code: 'RATE_LIMITED',
        retryAfterSeconds,
      });
    },
  });
}
