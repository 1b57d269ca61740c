import type { IncomingMessage } from 'node:http';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { ANONYMOUS, secretKey, signSubgraphToken, type Viewer } from '@cq/kit/identity';
import { liveMoment, type Moment } from '@cq/kit/moment';
import type { FastifyInstance } from 'fastify';
import { GraphQLError } from 'graphql';
import type { IdentityOf } from './auth.ts';
import { limitCode, operationLimits, rateLimit } from './limits.ts';
import { operationMoment } from './moment.ts';
import { withoutSecurityFeatures } from './supergraph.ts';

/** What the gateway knows of a request: who is asking, verified; the subgraphs get it signed. */
export interface GatewayContext {
  viewer: Viewer;
  /** The operation's one moment (moment.ts), settled before any subgraph is called. */
  moment?: Moment;
  /** The signed identity and moment for this request's subgraph calls, made once when the first call needs it. */
  subgraphToken?: Promise<string>;
}

/**
 * A subgraph refuses a request it cannot even execute (a variable its scalar rejects, say) with an HTTP
 * 400 and GraphQL errors in the body; pass those errors on as they are instead of a bare "400: Bad Request".
 */
class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  override async errorFromResponse(response: Parameters<RemoteGraphQLDataSource['errorFromResponse']>[0]) {
    const error = await super.errorFromResponse(response);
    const body = (
      error.extensions.response as { body?: { errors?: { message?: string; extensions?: Record<string, unknown> }[] } } | undefined
    )?.body;
    const first = body?.errors?.[0];
    return first?.message ? new GraphQLError(first.message, { extensions: { ...error.extensions, ...first.extensions } }) : error;
  }
}

export interface GatewayOptions {
  /** The composed supergraph (schema/supergraph.graphql): production gateways never compose at run time. */
  supergraphSdl: string;
  /** Where each subgraph answers; overrides the URLs written into the supergraph. */
  subgraphUrls: Partial<Record<string, string>>;
  /** The secret shared with the subgraphs, to sign the identity passed on. */
  subgraphSecret: string;
  production?: boolean;
  introspection?: boolean;
}

/** The gateway's Apollo Server; it does not listen (see index.ts). */
export function buildGateway({
  supergraphSdl,
  subgraphUrls,
  subgraphSecret,
  production = false,
  introspection = !production,
}: GatewayOptions): ApolloServer<GatewayContext> {
  const key = secretKey(subgraphSecret);
  const gateway = new ApolloGateway({
    supergraphSdl: withoutSecurityFeatures(supergraphSdl),
    buildService: ({ name, url }) =>
      new SubgraphDataSource({
        url: subgraphUrls[name] ?? url,
        // Node's own fetch (undici) keeps a pool of kept-alive connections per subgraph; the default
        // (make-fetch-happen) costs more per request, as the benchmark's profile showed (README, Measuring).
        fetcher: fetch as unknown as RemoteGraphQLDataSource['fetcher'], // the same call; the types differ only in the body's union
        // Subgraph answers are never cached, so their cache-control headers need no policy computed.
        honorSubgraphCacheControlHeader: false,
        async willSendRequest({ request, context }) {
          // Every subgraph call carries the caller's identity signed by the gateway, anonymous included,
          // and the operation's moment: one token per request, so every fetch reads the same instant.
          context.moment ??= liveMoment();
          context.subgraphToken ??= signSubgraphToken(context.viewer ?? ANONYMOUS, key, context.moment);
          request.http?.headers.set('authorization', `Bearer ${await context.subgraphToken}`);
        },
      }),
  });
  const limits = operationLimits(production);
  return new ApolloServer<GatewayContext>({
    gateway,
    introspection,
    csrfPrevention: true,
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    parseOptions: limits.parseOptions,
    formatError: limitCode,
    plugins: [
      ...limits.plugins,
      operationMoment<GatewayContext>(),
      // Analysts explore the graph in Apollo Sandbox, embedded at the gateway's own URL.
      ApolloServerPluginLandingPageLocalDefault({
        embed: true,
        includeCookies: false,
        document: SANDBOX_DOCUMENT,
      }),
    ],
  });
}

/** What Sandbox opens with: how to act as a role, then a first query anyone may run. */
const SANDBOX_DOCUMENT = `# Signed out you see batches, the service catalogue, tariffs and data centres.
# To act as a role, add a header in Sandbox's Headers panel:
#   Authorization: Bearer <token>
# In development, \`pnpm run token --role analyst\` prints one (the start command prints one per role);
# the README's role table says what each role may read and change.
# To see the programme as it stood at a moment, add a header (every field of the operation, in every
# subgraph, is then answered as of that one moment; a date means the end of that day in Asia/Shanghai):
#   As-Of: 2015-09-30
# A report's root asOf argument (e.g. overdueSystems(asOf: "2015-09-30")) does the same for the whole
# operation; it must agree with the header. Changes (mutations) are always made now: they take no As-Of.
query Batches {
  batches {
    number
    name
    windowStart
    windowEnd
  }
}
`;

export interface GatewayHttpOptions {
  identityOf: IdentityOf;
  rateLimitPerMinute: number;
  redisUrl?: string;
}

/**
 * The gateway's HTTP setup, before GraphQL: the caller's token is verified once per request (a bad token
 * is refused with 401 before anything else), then the rate limit counts the request against that identity.
 * Returns the context function that hands the verified identity to the gateway.
 */
export function gatewayHttp({ identityOf, rateLimitPerMinute, redisUrl }: GatewayHttpOptions) {
  const viewers = new WeakMap<IncomingMessage, Viewer>();
  return {
    async setup(app: FastifyInstance) {
      app.addHook('onRequest', async (request, reply) => {
        if (!request.url.startsWith('/graphql') || request.method === 'OPTIONS') return;
        try {
          viewers.set(request.raw, await identityOf(request.raw));
        } catch (error) {
          const refusal = error as GraphQLError;
          return reply.code(401).send({ errors: [{ message: refusal.message, extensions: { code: 'UNAUTHENTICATED' } }] });
        }
      });
      await rateLimit(app, { perMinute: rateLimitPerMinute, redisUrl, viewerOf: (request) => viewers.get(request.raw as IncomingMessage) });
    },
    context: async (req: IncomingMessage): Promise<GatewayContext> => ({ viewer: viewers.get(req) ?? ANONYMOUS }),
  };
}
