/**
 * One GraphQL request over HTTP, for the bench's set-up and its sequential statement counts (the load
 * itself goes through autocannon). An answer with errors is a failure here: the bench measures answers.
 */

export interface GraphQLAnswer {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

/** Posts a prepared JSON body; the parsed answer and its HTTP status. */
export async function postBody(url: string, body: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const text = await response.text();
  let answer: GraphQLAnswer;
  try {
    answer = JSON.parse(text) as GraphQLAnswer;
  } catch {
    answer = { errors: [{ message: `HTTP ${response.status}: ${text.slice(0, 200)}` }] };
  }
  return { status: response.status, text, answer };
}

/** The body of a GraphQL request, as the load generator sends it. */
export const bodyOf = (query: string, variables: Record<string, unknown> = {}) => JSON.stringify({ query, variables });

/** Asks and returns the data, or throws with the first error's code and message. */
export async function ask<D = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  headers: Record<string, string>,
): Promise<D> {
  const { status, answer } = await postBody(url, bodyOf(query, variables), headers);
  const [error] = answer.errors ?? [];
  if (error || !answer.data) throw new Error(`${url} answered ${status}: ${error?.extensions?.code ?? ''} ${error?.message ?? 'no data'}`);
  return answer.data as D;
}

/** The first error of an answer body, as "CODE: message", or undefined when it has none. */
export function firstError(text: string): string | undefined {
  if (!text.includes('"errors"')) return undefined;
  try {
    const [error] = (JSON.parse(text) as GraphQLAnswer).errors ?? [];
    return error ? `${error.extensions?.code ?? 'ERROR'}: ${error.message}` : undefined;
  } catch {
    return text.slice(0, 200);
  }
}
