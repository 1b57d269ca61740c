/**
 * The gateway asking itself, as the caller of an HTTP endpoint of its own (the dashboard's import and
 * export): the GraphQL request goes through the whole public pipeline in process (`app.inject`: the token
 * check, the rate limit, Apollo, every subgraph), carrying the caller's own Authorization header, so the
 * endpoint can do nothing the caller could not do at /graphql.
 */
import type { GatewayClient, GraphQLAnswer } from '@cq/spreadsheets/client';
import type { FastifyInstance } from 'fastify';

/**
 * `requestId`: the endpoint's own request id, sent along so that each inner request's log line names it
 * (`clientRequestId`): an upload's changes are found from the upload's id.
 */
export function selfClient(app: FastifyInstance, authorization: string | undefined, requestId?: string): GatewayClient {
  return {
    url: '/graphql',
    async request<D>(query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
      const response = await app.inject({
        method: 'POST',
        url: '/graphql',
        headers: {
          'content-type': 'application/json',
          ...(authorization ? { authorization } : {}),
          ...(requestId ? { 'x-request-id': requestId } : {}),
          ...headers,
        },
        payload: JSON.stringify({ query, variables }),
      });
      try {
        return response.json() as GraphQLAnswer<D>;
      } catch {
        return { errors: [{ message: `The gateway answered HTTP ${response.statusCode}.`, extensions: { code: 'BAD_RESPONSE' } }] };
      }
    },
  };
}
