import type { IncomingMessage } from 'node:http';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { ACTOR_HEADER } from '@cq/kit/identity';
import { GraphQLError } from 'graphql';

/** What the gateway passes on from a client request to the subgraphs. */
export interface GatewayContext {
  actor?: string;
}

export const gatewayContext = async (req?: IncomingMessage): Promise<GatewayContext> => {
  const value = req?.headers[ACTOR_HEADER];
  return { actor: Array.isArray(value) ? value[0] : value };
};

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
}

/** The gateway's Apollo Server; it does not listen (see index.ts). */
export function buildGateway({ supergraphSdl, subgraphUrls }: GatewayOptions): ApolloServer<GatewayContext> {
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name, url }) =>
      new SubgraphDataSource({
        url: subgraphUrls[name] ?? url,
        willSendRequest({ request, context }) {
          if (context.actor) request.http?.headers.set(ACTOR_HEADER, context.actor);
        },
      }),
  });
  return new ApolloServer<GatewayContext>({
    gateway,
    // Analysts explore the graph in Apollo Sandbox, embedded at the gateway's own URL.
    introspection: true,
    plugins: [ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false })],
  });
}
