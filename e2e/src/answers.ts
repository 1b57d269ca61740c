/**
 * What every answer of the gateway must be, whatever a client sent: a GraphQL answer whose every error
 * carries a code a client can switch on, never an internal error nor a server error status, never a stack
 * trace. The bad-input and generated-input tests hold every answer to it.
 */
import { ERROR_CATALOGUE } from '@cq/kit/errors';

/**
 * The codes Apollo Server answers for requests that are not GraphQL it can run (the GraphQL-over-HTTP
 * layer, before any rule of ours), besides the catalogue's: a body it cannot read, a document that does
 * not parse or validate, an operation it cannot choose, an unknown persisted query.
 */
export const PROTOCOL_CODES = [
  'BAD_REQUEST',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
] as const;

const KNOWN = new Set<string>([...Object.keys(ERROR_CATALOGUE), ...PROTOCOL_CODES]);

/** An HTTP answer of the gateway, its body read as JSON when it is JSON. */
export interface Answer {
  status: number;
  contentType: string;
  body: unknown;
}

/** Reads an answer whatever its media type, keeping the text when it is not JSON. */
export async function answerOf(response: Response): Promise<Answer> {
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: the problems below say so
  }
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', body };
}

/**
 * What is wrong with an answer, empty when nothing is: a status of 500 or more, a body that is not a
 * GraphQL answer (JSON with `data` or `errors`), an error without a code or with one neither the catalogue
 * nor the protocol knows, an internal error, a stack trace.
 */
export function problemsOf({ status, body }: Answer): string[] {
  const problems: string[] = [];
  if (status >= 500) problems.push(`status ${status}`);
  const answer = body as { data?: unknown; errors?: unknown } | null;
  if (!answer || typeof answer !== 'object' || !('data' in answer || 'errors' in answer)) {
    return [...problems, `not a GraphQL answer: ${String(JSON.stringify(body)).slice(0, 200)}`];
  }
  if (answer.errors !== undefined && (!Array.isArray(answer.errors) || !answer.errors.length))
    problems.push('errors is not a list of errors');
  for (const error of Array.isArray(answer.errors) ? answer.errors : []) {
    const { message, extensions } = (error ?? {}) as { message?: unknown; extensions?: { code?: unknown; stacktrace?: unknown } };
    const code = extensions?.code;
    if (typeof message !== 'string' || !message) problems.push('an error without a message');
    if (typeof code !== 'string') problems.push(`an error without a code: ${String(message)}`);
    else if (code === 'INTERNAL_SERVER_ERROR') problems.push(`INTERNAL_SERVER_ERROR: ${String(message)}`);
    else if (!KNOWN.has(code)) problems.push(`a code neither the catalogue nor the protocol knows: ${code} (${String(message)})`);
    if (extensions?.stacktrace !== undefined || /\n\s+at /.test(String(message))) problems.push(`a stack trace: ${String(message)}`);
  }
  return problems;
}
