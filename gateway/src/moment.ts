/**
 * The gateway decides each operation's moment (kit: moment.ts) before any subgraph is called: the moment
 * the client asked for, with the `As-Of` header (any operation) or a root field's `asOf` argument (lifted
 * to the whole operation), or else its own "now", taken once. The subgraph token it signs per request
 * carries it (server.ts), so every fetch of the operation, in every subgraph, reads the same instant.
 * Moments that disagree, and a mutation asked as of a moment, are refused before anything runs.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { AS_OF_HEADER, askedByHeader, fragmentsOf, type Moment, momentOfOperation } from '@cq/kit/moment';

export function operationMoment<C extends { moment?: Moment }>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, operation, document, request }) {
          if (!operation) return;
          contextValue.moment = momentOfOperation({
            operation,
            fragments: fragmentsOf(document),
            variables: request.variables,
            asked: askedByHeader(request.http?.headers.get(AS_OF_HEADER)),
            now: new Date(),
          });
        },
      };
    },
  };
}
