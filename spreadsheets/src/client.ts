/**
 * The one way the spreadsheet tools reach the programme: the gateway's public GraphQL endpoint, as the
 * caller's role (its token), so every rule of the notice, every permission and the audit log apply as they
 * do to any frontend. Used by the command-line tools and by the gateway's own dashboard endpoints alike.
 */

/** An error of a GraphQL answer, with the rule's code the graph gave it. */
export interface GraphQLAnswerError {
  message: string;
  path?: readonly (string | number)[];
  extensions?: { code?: string; [key: string]: unknown };
}

export interface GraphQLAnswer<D> {
  data?: D | null;
  errors?: GraphQLAnswerError[];
}

export interface GatewayClient {
  /** The gateway's GraphQL URL, e.g. http://localhost:4000/graphql. */
  url: string;
  /** Sends one operation as the caller; an HTTP refusal (401, 429, …) answers with its errors, never throws. */
  request<D>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLAnswer<D>>;
}

/** A client of the gateway at `url` acting with `token` (a bearer token from the identity provider). */
export function gatewayClient(url: string, token: string | undefined): GatewayClient {
  return {
    url,
    async request<D>(query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/graphql-response+json, application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...headers,
        },
        body: JSON.stringify({ query, variables }),
      });
      const text = await response.text();
      try {
        return JSON.parse(text) as GraphQLAnswer<D>;
      } catch {
        return {
          errors: [
            { message: `The gateway answered HTTP ${response.status}: ${text.slice(0, 200)}`, extensions: { code: 'BAD_RESPONSE' } },
          ],
        };
      }
    },
  };
}

/** A page of a connection as the tools read it. */
export interface Page<N> {
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { node: N }[];
}

/**
 * Every node of a connection, page after page from the first: `page` reads the page after a cursor (null:
 * the first) and throws when it cannot, which ends the walk (a list read in part would read as complete).
 */
export async function everyNode<N>(page: (after: string | null) => Promise<Page<N>>): Promise<N[]> {
  const nodes: N[] = [];
  for (let after: string | null = null; ; ) {
    const current: Page<N> = await page(after);
    nodes.push(...current.edges.map((edge) => edge.node));
    if (!current.pageInfo.hasNextPage || !current.pageInfo.endCursor) return nodes;
    after = current.pageInfo.endCursor;
  }
}
