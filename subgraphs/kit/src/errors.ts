/**
 * The one catalogue of error codes a client can switch on (`extensions.code`). A rule error can only be
 * raised with a code listed here; the README lists them with these meanings. Conventions:
 * - the mutation's own target (the system a step moves, the contract whose status changes) that does not
 *   exist is NOT_FOUND; another id the input refers to that does not exist is UNKNOWN_REFERENCE;
 * - a range whose end comes before its start (a term, a validity window, a plan) is INVALID_RANGE;
 * - a duplicate id is found by the database's unique constraint, never by a pre-check: ALREADY_EXISTS;
 * - a failure of our own never carries its raw message to the client: INTERNAL_SERVER_ERROR.
 */
import { GraphQLError } from 'graphql';

export const ERROR_CATALOGUE = {
  // Any request
  BAD_USER_INPUT: 'An argument is malformed or out of bounds; `field` names it.',
  UNAUTHENTICATED: 'The request carries no identity, or one that cannot be verified (expired, badly signed, for another audience).',
  FORBIDDEN: "The caller's role (or the unit, vendor or carrier it acts for) may not do this; the message names the role and the rule.",
  QUERY_TOO_COMPLEX:
    'The gateway refused the operation before running it: too deep, too many aliases, tokens or directives, or too costly.',
  RATE_LIMITED: 'The caller sent more requests than its limit allows; `retryAfterSeconds` says when to try again.',
  EVENTS_INTERRUPTED:
    "A subscription to the programme's events ended early: the subscriber fell too far behind, its token expired, or a subgraph's event log could not be read. Subscribe again with `after:` the cursor of the last event received: nothing is lost.",
  NOT_FOUND: "The mutation's own target does not exist.",
  UNKNOWN_REFERENCE: 'An id the input refers to does not exist; `field` names it.',
  INVALID_RANGE: 'A range ends before it starts (a contract term, a validity window, a plan).',
  ALREADY_EXISTS: 'A record with that id exists already (the database refused the duplicate).',
  CONFLICT: 'A concurrent change got there first (a stale version, a lost race); read again and retry.',
  INTERNAL_SERVER_ERROR: 'A failure of the service; the details are in its log, not in the answer.',
  DATABASE_UNAVAILABLE:
    "The subgraph's database could not be reached, or dropped the connection while the request ran. A change is made whole or not at all; one cut off while committing may have been made, so read before sending it again.",
  SUBGRAPH_UNAVAILABLE:
    'A subgraph could not be asked or did not answer in time: its fields are missing from the answer, and a change that needed its check was refused, never accepted unchecked. A change sent to a subgraph that did not answer in time may have been made: read before sending it again.',
  // Units: the workflow (§1, §3, §4, §5, §6.2, §6.4, §6.5)
  CLASSIFIED_SYSTEM_EXEMPT: '§1: a classified system is exempt and never migrated.',
  STEP_OUT_OF_ORDER: "§3: the workflow's steps go in order and none may be skipped.",
  SYSTEM_NOT_READY: '§3.1: the latest assessment says NOT_READY; no provider can be selected.',
  CRITICAL_BLOCKER: '§3.1: the latest assessment lists a CRITICAL blocker.',
  PLAN_NOT_WRITTEN_WITH_VENDOR: '§3.3: a migration plan is written jointly with the selected provider.',
  DESTINATION_NOT_ALLOWED: '§4: a unit with administrative-approval functions may only move to a government data centre.',
  PLAN_OUTSIDE_WINDOW:
    "§5: a batch is a deadline: a plan starts on or after the notice's date (2015-07-14) and cuts over by the end of the unit's window (an approved extension included).",
  CONTINGENCY_PLAN_REQUIRED: '§6.5: a migration plan needs a contingency plan for the move.',
  COORDINATOR_MISMATCH: '§6.2 fixes another coordinating unit for such a unit.',
  COORDINATOR_REQUIRED: '§6.2 fixes no coordinating unit for such a unit: one must be named.',
  COORDINATOR_INVALID: '§6.2: only municipal departments and district or county governments coordinate.',
  DEPENDENCY_CYCLE: 'A dependency would make the order of the move impossible.',
  NO_DUE_DATE: '§1: a unit only encouraged to migrate has no due date to extend.',
  EXTENSION_NOT_AFTER_WINDOW: '§6.4: an extension must ask for a date after the current due date.',
  EXTENSION_ALREADY_PENDING: '§6.4: the unit already has a request waiting for a decision.',
  EXTENSION_ALREADY_DECIDED: '§6.4: decisions on extension requests are final.',
  EXTENSION_SELF_DECISION: '§6.4: nobody decides their own extension request.',
  EXTENSION_WITHDRAWN: '§6.4: the extension request was withdrawn: it is never decided, and the unit may ask again.',
  STRATEGY_NOT_ALLOWED: '§1, §2: every non-classified system is to be centralised; RETAIN is no strategy the notice allows.',
  RETIREMENT_NOT_ASSESSED: "§3.1: a system is retired only when its latest assessment's strategy is RETIRE.",
  SYSTEMS_ALREADY_HOSTED:
    "§5: a unit with a system hosted by a third party is already hosted and finishes in batch 1; correct the system's hosting first.",
  PARENT_CYCLE: '§6.2: a unit cannot sit below itself; the parent named would close a cycle.',
  RECLASSIFICATION_UNCHANGED: "§1: a reclassification asks for a classification other than the system's own.",
  RECLASSIFICATION_ALREADY_PENDING: '§1: the system already has a reclassification request waiting for a decision.',
  RECLASSIFICATION_ALREADY_DECIDED: '§1: decisions on reclassification requests are final.',
  RECLASSIFICATION_SELF_DECISION: '§1: nobody decides their own reclassification request.',
  // Vendors, park, telecom
  NEGATIVE_PRICE: 'An amount of money is negative.',
  STATUS_OUT_OF_ORDER: 'A status only moves forward, one step at a time (contracts, circuits).',
  NOT_SELECTED_PROVIDER: "§3.2: a system's cloud services are bought from the provider selected for it.",
  TASK_OF_ANOTHER_VENDOR:
    "§3.4: a system's migration task is reported by one provider: the one reporting it, until the system selects another, which takes it over.",
  CAPACITY_EXCEEDED: "A data centre's racks or power would be exceeded.",
  DATA_CENTER_NOT_OPERATIONAL: 'A data centre that is not operational takes no placements.',
  ALREADY_PLACED: 'A system is placed in one data centre at a time.',
  PLACEMENT_NOT_AS_PLANNED:
    '§2.2, §3.3: a system is placed in the data centre its approved plan names, and is centralised only once placed there.',
  PLACEMENT_IS_PROOF: '§2.2: a centralised system stays placed; its placement is the proof that it was centralised and is never removed.',
  OPENING_DAY_IN_USE:
    "§4: the Government Cloud Platform's opening day decides where government departments' plans go; it cannot move against plans approved or placements made under it.",
  ONE_OF_EACH_KIND: '§4 names one transitional government data centre and one Government Cloud Platform.',
  PREFERENTIAL_ABOVE_STANDARD: '§6.5: a preferential tariff cannot cost more than the standard one.',
  CARRIER_NOT_PRESENT: "A circuit needs its carrier's point of presence in the data centre.",
} as const;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/** An error a client can act on: the code names the rule, the message says what and why. */
export function ruleError(code: ErrorCode, message: string, details: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...details } });
}

/** The mutation's own target does not exist. */
export const notFound = (what: string, id: string) => ruleError('NOT_FOUND', `${what} ${id} does not exist.`, { id });

/** An id the input refers to does not exist. */
export const unknownReference = (what: string, id: string, field: string) =>
  ruleError('UNKNOWN_REFERENCE', `There is no ${what} ${id}.`, { field, id });

export const badInput = (message: string, field?: string) => ruleError('BAD_USER_INPUT', message, field ? { field } : {});

/** Refuses a range whose end comes before its start (equal ends are a range of one day). */
export function orderedRange(start: string, end: string, what: string, field: string): void {
  if (end < start) throw ruleError('INVALID_RANGE', `${what} cannot end (${end}) before it starts (${start}).`, { field });
}

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
    throw ruleError('STATUS_OUT_OF_ORDER', `${order.join(' → ')}: ${what} is ${current}, so it cannot become ${next}.`, {
      status: current,
    });
  }
  return next;
}

/** What a client reads of a failure of ours: the details stay in the server's log. */
export const INTERNAL_MESSAGE = 'Internal error: the failure is logged on the server.';

/** The SQLSTATE of a database error, wherever the driver or drizzle put it. */
function sqlState(error: unknown): { code: string; detail?: string } | undefined {
  let e = error as { code?: unknown; detail?: unknown; cause?: unknown } | undefined;
  for (let depth = 0; e && depth < 5; depth++, e = e.cause as typeof e) {
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) {
      return { code: e.code, detail: typeof e.detail === 'string' ? e.detail : undefined };
    }
  }
  return undefined;
}

/** The driver's own codes (postgres.js, Node) for a connection that could not be made or was lost. */
const CONNECTION_LOST = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
]);

/** The code of an error or of one of its causes, when it is one of the driver's connection codes. */
function connectionLost(error: unknown): boolean {
  let e = error as { code?: unknown; cause?: unknown } | undefined;
  for (let depth = 0; e && depth < 5; depth++, e = e.cause as typeof e) {
    if (typeof e.code === 'string' && CONNECTION_LOST.has(e.code)) return true;
  }
  return false;
}

/** SQLSTATEs of input the database could not take, each with what the client is told. */
const INPUT_REFUSED: Record<string, string> = {
  '22001': 'A text is longer than its field allows.',
  '22003': 'A number is too large for its field.',
  '22007': 'A date or time is not valid.',
  '22008': 'A date or time is out of range.',
  '22P02': 'A value is not written the way its field takes it.',
  '22021': 'A text holds a character that cannot be stored (such as U+0000).',
  '22P05': 'A text holds a character that cannot be stored.',
  '54000': 'A value is too large to store or index.',
};

/**
 * A database error that is the client's to act on, as a code of the catalogue: a unique key taken (by
 * this request or a concurrent one) is ALREADY_EXISTS naming the key, a lost race (deadlock,
 * serialisation, a row locked NOWAIT) is CONFLICT, a value the database cannot take (too long, too large, an impossible
 * date, a NUL character) is BAD_USER_INPUT, and a connection refused or lost (the database restarting,
 * SQLSTATE class 08 and 57P0x) is DATABASE_UNAVAILABLE: the transaction did not commit. Anything else: none.
 */
export function databaseRefusal(error: unknown): { code: ErrorCode; message: string } | undefined {
  const db = sqlState(error);
  if (db?.code === '23505') {
    // The detail reads "Key (id)=(x) already exists."; it holds only what the client sent.
    const key = db.detail?.replace(/^Key /, '').replace(/ already exists\.$/, '');
    return { code: 'ALREADY_EXISTS', message: `That record already exists${key ? `: ${key}` : ''}.` };
  }
  // 55P03: a row locked NOWAIT by another change (units' lockSystem) is not waited for.
  if (db?.code === '40001' || db?.code === '40P01' || db?.code === '55P03')
    return { code: 'CONFLICT', message: 'A concurrent change got there first; read again and retry.' };
  const input = db && INPUT_REFUSED[db.code];
  if (input) return { code: 'BAD_USER_INPUT', message: input };
  // 53300: the server takes no more connections now; 57P01-03: shutting down, crashed, starting up.
  if ((db && (db.code.startsWith('08') || db.code === '53300' || /^57P0[1-3]$/.test(db.code))) || connectionLost(error))
    return {
      code: 'DATABASE_UNAVAILABLE',
      message:
        'The database could not be reached or dropped the connection. A change is made whole or not at all; one cut off while committing may have been made, so read before sending it again.',
    };
  return undefined;
}

/** The code and message a client gets for an error a resolver threw (what the audit log records of it). */
export function outcomeOf(error: unknown): { code: string; message: string; internal: boolean } {
  const code = (error as { extensions?: { code?: unknown } }).extensions?.code;
  if (typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR') return { code, message: (error as Error).message, internal: false };
  const refusal = databaseRefusal(error);
  return refusal ? { ...refusal, internal: false } : { code: 'INTERNAL_SERVER_ERROR', message: INTERNAL_MESSAGE, internal: true };
}
