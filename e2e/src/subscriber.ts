/**
 * A frontend's subscription to the gateway's events, over WebSocket with graphql-ws (the protocol the
 * gateway serves, schema/subscriptions.graphql), as a role with a token: what the events tests receive.
 */
import type { Viewer } from '@cq/kit/identity';
import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import type { Hub } from './hub.ts';

/** One event as a subscriber receives it (the fields the tests ask for). */
export interface ReceivedEvent {
  id: string;
  cursor: string;
  subgraph: string;
  kind: string;
  subjectId: string;
  unitId: string | null;
  systemId: string | null;
  vendorId: string | null;
  summary: string;
  data: string;
}

const PROGRAMME_EVENTS = `subscription ProgrammeEvents($after: String, $kinds: [EventKind!]) {
  programmeEvents(after: $after, kinds: $kinds) { id cursor subgraph kind subjectId unitId systemId vendorId summary data }
}`;

/** A graphql-ws connection to the hub's gateway, as the viewer. */
export async function connect(hub: Pick<Hub, 'url' | 'token'>, viewer: Viewer): Promise<Client> {
  const token = await hub.token(viewer);
  return createClient({
    url: hub.url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
  });
}

/** The place in the logs now, as the gateway gives it (subscribe after it to miss nothing from here). */
export async function eventCursor(client: Client): Promise<string> {
  const result = await client.iterate<{ eventCursor: string }>({ query: 'query EventCursor { eventCursor }' }).next();
  const cursor = (result.value as { data?: { eventCursor: string } } | undefined)?.data?.eventCursor;
  if (!cursor) throw new Error(`No event cursor: ${JSON.stringify(result.value)}`);
  return cursor;
}

export interface Subscription {
  /** Every event received so far, in the order received. */
  events: ReceivedEvent[];
  /** Errors the subscription ended with. */
  errors: unknown[];
  /** Waits until `count` events (those `where` keeps, all by default) have arrived, at most `ms`, and returns them. */
  received(count: number, ms?: number, where?: (event: ReceivedEvent) => boolean): Promise<ReceivedEvent[]>;
  close(): Promise<void>;
}

/** Subscribes to `programmeEvents` on a connection; `after` resumes from a cursor. */
export function subscribe(client: Client, variables: { after?: string; kinds?: string[] } = {}): Subscription {
  const events: ReceivedEvent[] = [];
  const errors: unknown[] = [];
  let wake = () => {};
  const stop = client.subscribe<{ programmeEvents: ReceivedEvent }>(
    { query: PROGRAMME_EVENTS, variables },
    {
      next: (result) => {
        if (result.errors) errors.push(...result.errors);
        if (result.data) events.push(result.data.programmeEvents);
        wake();
      },
      error: (error) => {
        errors.push(error);
        wake();
      },
      complete: () => wake(),
    },
  );
  return {
    events,
    errors,
    async received(count, ms = 15_000, where = () => true) {
      const deadline = Date.now() + ms;
      const kept = () => events.filter(where);
      while (kept().length < count && errors.length === 0 && Date.now() < deadline) {
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, Math.max(0, deadline - Date.now()));
        });
      }
      return kept().slice(0, count);
    },
    async close() {
      stop();
    },
  };
}
