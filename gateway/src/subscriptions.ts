/**
 * GraphQL subscriptions at the gateway's URL, over WebSocket (graphql-ws): the programme's events as they
 * commit in any subgraph (schema/subscriptions.graphql), each sent to the subscribers who may see it.
 * The gateway follows every subgraph's event log once (kit/event-follow.ts) and fans each event out;
 * a subscriber who resumes from a cursor is first sent what it missed, read from the subgraphs' logs.
 * Who may see an event is the kit's rule (kit/events.ts: mayReceive); the units a coordinating unit
 * reaches and the systems a provider reaches are asked of the graph itself, as the subscriber, so the
 * units subgraph's policy decides them as it does for every query.
 */

import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { EventFollower, type EventSource, eventsBetween } from '@cq/kit/event-follow';
import {
  decodePositions,
  EVENT_KINDS,
  type EventKind,
  encodePositions,
  mayReceive,
  type Positions,
  type ProgrammeEvent,
  type Reach,
} from '@cq/kit/events';
import type { Viewer } from '@cq/kit/identity';
import type { Logger } from '@cq/kit/log';
import type { NatsSettings } from '@cq/kit/nats';
import { subscriptionsPath } from '@cq/schema';
import type { FastifyInstance } from 'fastify';
import { buildSchema, GraphQLError, type GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { IdentityOf } from './auth.ts';
import { selfClient } from './self-client.ts';

export interface SubscriptionOptions {
  identityOf: IdentityOf;
  /** Every subgraph whose events are followed, by its GraphQL URL (its feed answers at /events beside it). */
  sources: readonly EventSource[];
  /** The shared secret's key: the feeds answer the hub's services only. */
  key: Uint8Array;
  nats?: NatsSettings;
  logger: Logger;
}

/** One subscriber's context: who it is, and the Authorization it came with (to ask the graph as itself). */
interface SubscriberContext {
  viewer: Viewer;
  authorization: string;
}

/** Events of these kinds change a coordinating unit's subtree or a provider's systems: its reach is asked again. */
const REACH_CHANGES: ReadonlySet<EventKind> = new Set(['UNIT_CREATED', 'UNIT_CORRECTED', 'STAGE_MOVED', 'PROVIDER_CHANGED']);

/** A queue an event source pushes into and a subscriber's generator pulls from. */
class Inbox<T> {
  private items: T[] = [];
  private wake?: () => void;
  push(item: T) {
    this.items.push(item);
    this.wake?.();
  }
  async next(): Promise<T> {
    while (this.items.length === 0) await new Promise<void>((resolve) => (this.wake = resolve));
    this.wake = undefined;
    return this.items.shift() as T;
  }
}

type Page = { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };

/** Every id of a list, page by page, asked of the graph as the subscriber. */
async function idsOf(app: FastifyInstance, authorization: string, field: 'units' | 'systems'): Promise<Set<string>> {
  const client = selfClient(app, authorization);
  const ids = new Set<string>();
  let after: string | null = null;
  for (;;) {
    const answer: { data?: Record<string, Page | null> | null; errors?: readonly { message: string }[] } = await client.request(
      `query SubscriberReach($after: String) { ${field}(first: 100, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } }`,
      { after },
    );
    const page = answer.data?.[field];
    if (!page)
      throw new GraphQLError(`The ${field} the subscriber reaches could not be read: ${answer.errors?.[0]?.message ?? 'no answer'}`);
    for (const edge of page.edges) ids.add(edge.node.id);
    if (!page.pageInfo.hasNextPage) return ids;
    after = page.pageInfo.endCursor;
  }
}

/**
 * Several subgraphs' events as one sequence: each subgraph's in its own order (its commits'), and among
 * the heads, the earliest change first, so a subscriber catching up reads the programme roughly as it happened.
 */
export function interleaved(logs: readonly (readonly ProgrammeEvent[])[]): ProgrammeEvent[] {
  const heads = logs.map(() => 0);
  const merged: ProgrammeEvent[] = [];
  for (;;) {
    let next = -1;
    logs.forEach((log, i) => {
      const head = log[heads[i] as number];
      const best = next >= 0 ? logs[next]?.[heads[next] as number] : undefined;
      if (head && (!best || head.at < best.at)) next = i;
    });
    if (next < 0) return merged;
    merged.push(logs[next]?.[heads[next] as number] as ProgrammeEvent);
    heads[next] = (heads[next] as number) + 1;
  }
}

const NOTHING: Reach = { units: new Set(), systems: new Set() };

/** The units a coordinating unit reaches, or the systems a provider does; nothing to ask for another role. */
async function reachOf(app: FastifyInstance, subscriber: SubscriberContext): Promise<Reach> {
  if (subscriber.viewer.role === 'coordinator') return { units: await idsOf(app, subscriber.authorization, 'units'), systems: new Set() };
  if (subscriber.viewer.role === 'vendor') return { units: new Set(), systems: await idsOf(app, subscriber.authorization, 'systems') };
  return NOTHING;
}

/** The subscription's resolvers: `programmeEvents` fans the follower's events out, filtered, from a cursor. */
function resolvers(app: FastifyInstance, follower: EventFollower, options: SubscriptionOptions) {
  const feeds = new Map(options.sources.map((source) => [source.name, source]));
  const history = (subgraph: string, after: number, until: number) => {
    const source = feeds.get(subgraph);
    return source ? eventsBetween(source, { key: options.key, self: 'gateway' }, after, until) : Promise.resolve([]);
  };

  async function* programmeEvents(args: { after?: string | null; kinds?: EventKind[] | null }, subscriber: SubscriberContext) {
    const from = args.after == null ? undefined : decodePositions(args.after);
    if (from === null)
      throw new GraphQLError('after is not a cursor of this hub: pass the `cursor` of an event received.', {
        extensions: { code: 'BAD_USER_INPUT' },
      });
    const kinds = args.kinds?.length ? new Set(args.kinds) : undefined;
    // Listening starts before anything is read, and in the same turn as the positions are taken: every
    // event after them reaches this inbox.
    const inbox = new Inbox<ProgrammeEvent>();
    const stopListening = follower.listen((event) => inbox.push(event));
    const sent: Positions = { ...follower.positions, ...from };
    try {
      let reach = await reachOf(app, subscriber);
      /** The event with its cursor when the subscriber may have it; its position moves on either way. */
      const take = async (event: ProgrammeEvent) => {
        sent[event.subgraph] = event.seq;
        if (REACH_CHANGES.has(event.kind) && reach !== NOTHING) reach = await reachOf(app, subscriber);
        if (kinds && !kinds.has(event.kind)) return undefined;
        if (!mayReceive(subscriber.viewer, event, reach)) return undefined;
        return { ...event, cursor: encodePositions(sent), data: JSON.stringify(event.data) };
      };
      // What was missed since the cursor, from each subgraph's log, up to where the follower is.
      if (from) {
        const missed = await Promise.all(
          Object.entries({ ...follower.positions }).map(([subgraph, position]) => {
            const after = from[subgraph];
            return after === undefined || after >= position ? [] : history(subgraph, after, position);
          }),
        );
        for (const event of interleaved(missed)) {
          const shown = await take(event);
          if (shown) yield { programmeEvents: shown };
        }
      }
      for (;;) {
        const event = await inbox.next();
        const position = sent[event.subgraph];
        if (position !== undefined && event.seq <= position) continue;
        // A gap (the follower reached this subgraph after the subscription began): the missing events first.
        if (position !== undefined && event.seq > position + 1) {
          for (const missed of await history(event.subgraph, position, event.seq - 1)) {
            const shown = await take(missed);
            if (shown) yield { programmeEvents: shown };
          }
        }
        const shown = await take(event);
        if (shown) yield { programmeEvents: shown };
      }
    } finally {
      stopListening();
    }
  }

  return {
    Query: {
      eventCursor: async () => {
        // Until the follower has reached every subgraph once (a few milliseconds after the start), or 5 s.
        await Promise.race([follower.ready, new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
        return encodePositions(follower.positions);
      },
      eventKinds: () =>
        Object.entries(EVENT_KINDS).map(([kind, info]) => ({ kind, subgraph: info.subgraph, description: info.description })),
    },
    Subscription: {
      programmeEvents: {
        subscribe: (_: unknown, args: { after?: string | null; kinds?: EventKind[] | null }, context: SubscriberContext) =>
          programmeEvents(args, context),
      },
    },
  };
}

/** The subscription schema with its resolvers attached. */
function executableSchema(app: FastifyInstance, follower: EventFollower, options: SubscriptionOptions): GraphQLSchema {
  const schema = buildSchema(readFileSync(subscriptionsPath, 'utf8'));
  const { Query, Subscription } = resolvers(app, follower, options);
  const queryFields = schema.getQueryType()?.getFields() ?? {};
  for (const [name, resolve] of Object.entries(Query)) if (queryFields[name]) queryFields[name].resolve = resolve;
  const subscriptionFields = schema.getSubscriptionType()?.getFields() ?? {};
  for (const [name, { subscribe }] of Object.entries(Subscription)) {
    const field = subscriptionFields[name];
    if (field) {
      field.subscribe = subscribe as never;
      field.resolve = (payload: Record<string, unknown>) => payload[name];
    }
  }
  return schema;
}

/** The token a connection brings: in `connection_init`'s payload, or else on the upgrade request. */
function authorizationOf(params: Readonly<Record<string, unknown>> | undefined, request: IncomingMessage): string | undefined {
  const fromParams = params?.authorization ?? params?.Authorization;
  if (typeof fromParams === 'string') return fromParams;
  return request.headers.authorization;
}

/**
 * Serves subscriptions on the gateway's HTTP server, at /graphql, and follows the subgraphs' events from
 * its start until it closes. Returns the follower (tests read its positions).
 */
export function serveSubscriptions(app: FastifyInstance, options: SubscriptionOptions): EventFollower {
  const follower = new EventFollower({
    sources: options.sources,
    key: options.key,
    self: 'gateway',
    nats: options.nats,
    logger: options.logger,
  });
  const sockets = new WebSocketServer({ noServer: true });
  const schema = executableSchema(app, follower, options);
  const server = useServer<Record<string, unknown> | undefined, { viewer?: Viewer; authorization?: string }>(
    {
      schema,
      // A connection is accepted only with a token that verifies, for a person's role.
      onConnect: async (ctx) => {
        const authorization = authorizationOf(ctx.connectionParams, ctx.extra.request);
        if (!authorization) return false;
        try {
          const viewer = await options.identityOf({ headers: { authorization } } as IncomingMessage);
          if (viewer.role === 'anonymous') return false;
          Object.assign(ctx.extra, { viewer, authorization });
          return true;
        } catch {
          return false;
        }
      },
      context: (ctx) => ({ viewer: ctx.extra.viewer, authorization: ctx.extra.authorization }) as SubscriberContext,
      onError: (_ctx, _id, _payload, errors) => {
        options.logger.info({ errors: errors.map((e) => e.message) }, 'gateway: a subscription was refused');
      },
    },
    sockets,
  );
  app.server.on('upgrade', (request: IncomingMessage, socket, head) => {
    const path = new URL(request.url ?? '/', 'http://gateway').pathname;
    if (path !== '/graphql') {
      socket.destroy();
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => sockets.emit('connection', ws, request));
  });
  follower.start();
  // Before the HTTP server drains: subscribers are told the gateway is going away (1001), and reconnect elsewhere.
  app.addHook('preClose', async () => {
    await server.dispose();
    await follower.stop();
  });
  return follower;
}
