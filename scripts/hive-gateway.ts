/**
 * Another federation gateway in front of our subgraphs: Hive Gateway's runtime (@graphql-hive/gateway-runtime)
 * serving the same checked-in supergraph, on node:http. It shows the supergraph is a standard artifact
 * (e2e/test/portability.test.ts; README, "Another gateway") and is the benchmark's second gateway
 * (scripts/bench/hive.ts starts it in a process of its own). It prints `ready <url>` once listening.
 *
 * It reads the same configuration as our gateway (gateway/src/config.ts: SUPERGRAPH_PATH, <NAME>_URL,
 * AUTH_*, SUBGRAPH_SECRET; GATEWAY_PORT is its port) and does comparable work per request, with our
 * gateway's and kit's own functions:
 * - verifies the caller's bearer token (ES256: signature, issuer, audience, expiry; gateway/src/auth.ts),
 *   refusing a bad one with 401;
 * - settles the operation's moment (the As-Of header or a root `asOf`, else its "now"; kit/src/moment.ts);
 * - signs one HS256 subgraph token per request with the identity and the moment (kit/src/identity.ts) and
 *   sends it on every subgraph fetch, which is what the subgraphs require.
 * It does not apply our gateway's operation limits (graphql-armor) or rate limit, nor its CSRF check.
 *
 * Subgraphs are reached through a small HTTP transport of the bench's own (`hubTransport`): the runtime
 * loads its HTTP transport from @graphql-mesh/transport-http, which Hive Gateway's CLI bundles but the
 * runtime package alone does not install. It posts each subgraph request as JSON with Hive's own fetch
 * (keep-alive, its onFetch hooks) and the request's subgraph token.
 */
import type { IncomingMessage } from 'node:http';
import { createServer } from 'node:http';
import { identityVerifier } from '@cq/gateway/auth';
import { gatewayConfig, graphsOf } from '@cq/gateway/config';
import { ANONYMOUS, secretKey, signSubgraphToken, type Viewer } from '@cq/kit/identity';
import { AS_OF_HEADER, askedByHeader, fragmentsOf, liveMoment, type Moment, momentOfOperation } from '@cq/kit/moment';
import { createGatewayRuntime, type GatewayConfigBase, type GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { type DocumentNode, GraphQLError, getOperationAST, print } from 'graphql';

interface HubContext {
  viewer?: Viewer;
  moment?: Moment;
  /** The request's one subgraph token, signed once and sent on every subgraph fetch. */
  subgraphToken?: Promise<string>;
}

/** The supergraph with each subgraph's URL replaced where the configuration names another. */
function withUrls(supergraphSdl: string, urls: Record<string, string>): string {
  let sdl = supergraphSdl;
  for (const { name, url } of graphsOf(supergraphSdl)) {
    const replacement = urls[name];
    if (replacement)
      sdl = sdl.replace(`@join__graph(name: "${name}", url: "${url}")`, `@join__graph(name: "${name}", url: "${replacement}")`);
  }
  return sdl;
}

const config = gatewayConfig();
const identityOf = identityVerifier(config.auth);
const key = secretKey(config.subgraphSecret);

/** Our gateway's identity, moment and subgraph token, as one Hive plugin. */
const hubIdentity: GatewayPlugin<HubContext> = {
  async onContextBuilding({ context, extendContext }) {
    // identityVerifier reads only the Authorization header of the request it is given.
    const authorization = context.request.headers.get('authorization') ?? undefined;
    try {
      extendContext({ viewer: await identityOf({ headers: { authorization } } as IncomingMessage) });
    } catch (error) {
      throw new GraphQLError((error as Error).message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
    }
  },
  onExecute({ args }) {
    const operation = getOperationAST(args.document, args.operationName);
    if (!operation) return;
    const context = args.contextValue;
    context.moment = momentOfOperation({
      operation,
      fragments: fragmentsOf(args.document),
      variables: args.variableValues ?? undefined,
      asked: askedByHeader(context.request.headers.get(AS_OF_HEADER)),
      now: new Date(),
    });
    context.subgraphToken = signSubgraphToken(context.viewer ?? ANONYMOUS, key, context.moment);
  },
};

/** The subgraph token of the request a subgraph call belongs to, signed here if the operation's hook did not run. */
function subgraphTokenOf(context: HubContext): Promise<string> {
  context.subgraphToken ??= signSubgraphToken(context.viewer ?? ANONYMOUS, key, liveMoment());
  return context.subgraphToken;
}

/** Subgraph documents are planned once per operation shape; print each once. */
const printed = new WeakMap<DocumentNode, string>();
const printOnce = (document: DocumentNode) => {
  const text = printed.get(document) ?? print(document);
  printed.set(document, text);
  return text;
};

/** The runtime's transport and executor types, as its configuration takes them (its package does not export them by name). */
type TransportMap = Exclude<NonNullable<GatewayConfigBase<HubContext>['transports']>, (...args: never[]) => unknown>;
type Transport = Exclude<Awaited<TransportMap[string]>, { default: unknown }>;
type Executor = Awaited<ReturnType<Transport['getSubgraphExecutor']>>;

/** The transport for the supergraph's "http" subgraphs: one JSON POST per subgraph call, with the request's token. */
const hubTransport: Transport = {
  getSubgraphExecutor({ transportEntry, fetch = globalThis.fetch }) {
    const url = transportEntry.location;
    if (!url) throw new Error(`The supergraph gives ${transportEntry.subgraph} no URL.`);
    const execute: Executor = async (call) => {
      const token = await subgraphTokenOf((call.context ?? {}) as HubContext);
      const response = await fetch(
        url,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query: printOnce(call.document), variables: call.variables, operationName: call.operationName }),
        },
        call.context,
        call.info,
      );
      return response.json();
    };
    return execute;
  },
};

const runtime = createGatewayRuntime<HubContext>({
  supergraph: withUrls(config.supergraphSdl, config.subgraphUrls),
  logging: 'warn',
  landingPage: false,
  graphiql: false,
  plugins: () => [hubIdentity],
  transports: { http: hubTransport },
});

const server = createServer(runtime);
server.listen(config.port, config.host, () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  console.log(`ready http://${config.host}:${port}/graphql`);
});
const stop = () => {
  server.closeAllConnections();
  server.close(() => void Promise.resolve(runtime.dispose()).finally(() => process.exit(0)));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
