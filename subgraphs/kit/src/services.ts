/**
 * Service-to-service calls: a subgraph that needs another's answer (which units a coordinator covers, a
 * cross-graph rule check) asks that subgraph directly over HTTP, signed like the gateway signs, with its
 * own service identity (role `service`: reads anything, changes nothing). A peer that cannot answer makes
 * the caller refuse: fail closed, never accept unchecked.
 */
import { ruleError } from './errors.ts';
import { signSubgraphToken } from './identity.ts';
import { defaultLogger, type Logger } from './log.ts';
import type { Moment } from './moment.ts';
import { REQUEST_ID_HEADER } from './requests.ts';
import { withRetries } from './retry.ts';
import { injectTraceHeaders } from './tracing.ts';

/** Where each peer subgraph answers, by name (from `<NAME>_URL`). */
export type Peers = Partial<Record<string, string>>;

/** Asks a peer subgraph one GraphQL operation and returns its data; one request asks each question once. */
export type AskPeer = <D>(peer: string, query: string, variables?: Record<string, unknown>) => Promise<D>;

/** A peer's answer did not come: the rule that needed it cannot be checked, so the request is refused. */
const unreachable = (peer: string, why: string) =>
  ruleError(
    'SUBGRAPH_UNAVAILABLE',
    `The ${peer} subgraph could not be asked (${why}); nothing was accepted or shown unchecked. Retry shortly.`,
    {
      subgraph: peer,
    },
  );

/** Calls no peer answers within this long fail: a request never hangs on another subgraph. */
const PEER_TIMEOUT_MS = 5000;

/**
 * A question whose connection was refused or cut (the peer restarting) is asked again this many times,
 * after 100 ms, then 200 ms: a peer's questions only read, so asking twice changes nothing.
 */
const PEER_RETRIES = 2;

/** Posts one question; a failed connection is retried (PEER_RETRIES), a timeout is not. */
const post = (url: string, init: RequestInit) =>
  withRetries(
    PEER_RETRIES,
    () => fetch(url, { ...init, signal: AbortSignal.timeout(PEER_TIMEOUT_MS) }),
    (error) => (error as Error).name !== 'TimeoutError',
  );

/** The asking request: its moment and its id, both carried to the peer. */
interface Asking {
  moment?: Moment;
  requestId?: string;
  logger: Logger;
}

/**
 * Asks, uncached: `askPeerFor` gives each request its own memo of the answers. The question carries the
 * asking request's moment (moment.ts), so a peer answers as of the same instant, its id (the peer logs
 * it) and, with tracing on, its trace (the peer's spans nest under the asking request's).
 */
function peerClient(self: string, key: Uint8Array, peers: Peers, { moment, requestId, logger }: Asking): AskPeer {
  return async <D>(peer: string, query: string, variables: Record<string, unknown> = {}): Promise<D> => {
    const url = peers[peer];
    if (!url) throw unreachable(peer, `${peer.toUpperCase()}_URL is not configured`);
    const token = await signSubgraphToken({ id: `service:${self}`, role: 'service' }, key, moment);
    let body: { data?: D; errors?: { message: string; extensions?: { code?: unknown } }[] };
    const headers = new Headers({ 'content-type': 'application/json', authorization: `Bearer ${token}` });
    if (requestId) headers.set(REQUEST_ID_HEADER, requestId);
    injectTraceHeaders(headers);
    try {
      const response = await post(url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
      body = (await response.json()) as typeof body;
    } catch (error) {
      throw unreachable(peer, (error as Error).name === 'TimeoutError' ? 'no answer in time' : 'no connection');
    }
    if (body.errors?.length || !body.data) {
      logger.warn(
        { requestId, peer, errors: body.errors?.map((e) => ({ code: e.extensions?.code, message: e.message })) },
        `${self}: ${peer} refused a service call`,
      );
      throw unreachable(peer, 'it answered with an error');
    }
    return body.data;
  };
}

/**
 * The peer client of a subgraph, and for each request an `askPeer` that remembers its answers (a failed
 * ask stays failed): however many fields need a coordinator's subtree, units is asked once per request.
 * Each request's questions carry its moment and its id.
 */
export function askPeerFor(
  self: string,
  key: Uint8Array,
  peers: Peers,
  logger: Logger = defaultLogger(self),
): (moment?: Moment, requestId?: string) => AskPeer {
  return (moment, requestId) => {
    const ask = peerClient(self, key, peers, { moment, requestId, logger });
    const answers = new Map<string, Promise<unknown>>();
    return <D>(peer: string, query: string, variables: Record<string, unknown> = {}) => {
      const question = JSON.stringify([peer, query, variables]);
      let answer = answers.get(question);
      if (!answer) {
        answer = ask<D>(peer, query, variables);
        answers.set(question, answer);
      }
      return answer as Promise<D>;
    };
  };
}

/** The units subgraph's question for a coordinating unit's subtree (§6.2), the same wherever it is asked. */
export const COORDINATED_SUBTREE = 'query CoordinatedSubtree($id: ID!) { unit(id: $id) { subtreeIds } }';

/**
 * §6.2: the units a coordinating unit covers, itself included, as the units subgraph says (`Unit.subtreeIds`).
 * Vendors, park and telecom scope a coordinator's rows by it; when units cannot answer, whatever needed it
 * is refused (SUBGRAPH_UNAVAILABLE), never shown unchecked.
 */
export async function coordinatedUnits(askPeer: AskPeer, unitId: string): Promise<ReadonlySet<string>> {
  const answer = await askPeer<{ unit: { subtreeIds: string[] | null } | null }>('units', COORDINATED_SUBTREE, { id: unitId });
  return new Set([unitId, ...(answer.unit?.subtreeIds ?? [])]);
}
