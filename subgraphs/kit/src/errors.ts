import { GraphQLError } from 'graphql';

/**
 * Codes a client can switch on. Rule violations carry the rule's own code (e.g. STEP_OUT_OF_ORDER),
 * so the message and `extensions.code` both name the rule that refused the request.
 */
export function ruleError(code: string, message: string, details: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...details } });
}

export const notFound = (what: string, id: string) => ruleError('NOT_FOUND', `${what} ${id} does not exist.`, { id });

export const badInput = (message: string, field?: string) =>
  ruleError('BAD_USER_INPUT', message, field ? { field } : {});

/** A text a mutation needs, trimmed; empty or blank is refused, naming the field. */
export function requiredText(value: string | null | undefined, field: string): string {
  const text = value?.trim();
  if (!text) throw badInput(`${field} must not be empty.`, field);
  return text;
}

const ID = /^[a-z0-9][a-z0-9-]{1,79}$/;

/** A new record's id: readable, stable, safe in URLs. */
export function newId(id: string): string {
  if (!ID.test(id)) throw badInput('id must be 2 to 80 lower-case letters, digits and hyphens.', 'id');
  return id;
}

/**
 * A status that only moves forward, one step at a time (contracts, circuits): refuses anything but the
 * next one with STATUS_OUT_OF_ORDER, naming the whole order.
 */
export function nextStatus<S extends string>(order: readonly S[], what: string, current: S, next: S): S {
  if (order.indexOf(next) !== order.indexOf(current) + 1) {
    throw ruleError('STATUS_OUT_OF_ORDER', `${order.join(' → ')}: ${what} is ${current}, so it cannot become ${next}.`, { status: current });
  }
  return next;
}
