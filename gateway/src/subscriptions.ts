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
import { setTimeout as wait } from 'node:timers/promises';
import { EventFollower, type EventSource, eventPages } from '@cq/kit/event-follow';
import {
  changesReach,
  decodePositions,
  EVENT_KINDS,
  type EventKind,
  encodePositions,
  mayReceive,
  needsReach,
  type Positions,
  type ProgrammeEvent,
  type Reach,
} from '@cq/kit/events';
import type { Viewer } from '@cq/kit/identity';
import type { Logger } from '@cq/kit/log';
import type { ServiceMetrics } from '@cq/kit/metrics';
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
  /** Counts the subscriptions open (`cq_event_subscriptions`). */
  metrics: ServiceMetrics;
}

/** One subscriber's context: who it is, and the Authorization it came with (to ask the graph as itself). */
interface SubscriberContext {
  viewer: Viewer;
  authorization: string;
}

/**
 * The most events waiting for one subscriber (one that reads too slowly): past it, its subscription ends
 * with EVENTS_INTERRUPTED, and it resumes from its last cursor, reading from the logs at its own pace.
 */
const INBOX_LIMIT = 10_000;

/** The error a subscription ends with when it cannot go on; the subscriber resumes from its last cursor. */
const interrupted = (why: string) =>
  new GraphQLError(`The events stopped: ${why}. Subscribe again with after: the cursor of the last event received; nothing is lost.`, {
    extensions: { code: 'EVENTS_INTERRUPTED' },
  });

/** A queue the follower pushes into and one subscriber pulls from; closing it ends the pull. */
class Inbox<T> {
  private items: T[] = [];
  private wake?: () => void;
  private ended = false;
  /** Set when the subscriber fell INBOX_LIMIT events behind. */
  overflowed = false;
  push(item: T) {
    if (this.ended) return;
    if (this.items.length >= INBOX_LIMIT) {
      this.overflowed = true;
      this.close();
      return;
    }
    this.items.push(item);
    this.wake?.();
  }
  close() {
    this.ended = true;
    this.wake?.();
  }
  /** The next item, or undefined once closed. */
  async next(): Promise<T | undefined> {
    while (this.items.length === 0 && !this.ended) await new Promise<void>((resolve) => (this.wake = resolve));
    this.wake = undefined;
    return this.ended ? undefined : this.items.shift();
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
    if (!page) throw interrupted(`the ${field} the subscriber reaches could not be read (${answer.errors?.[0]?.message ?? 'no answer'})`);
    for (const edge of page.edges) ids.add(edge.node.id);
    if (!page.pageInfo.hasNextPage) return ids;
    after = page.pageInfo.endCursor;
  }
}

/** The units a coordinating unit reaches, or the systems a provider does; nothing to ask for another role. */
async function reachOf(app: FastifyInstance, subscriber: SubscriberContext): Promise<Reach> {
  if (subscriber.viewer.role === 'coordinator') return { units: await idsOf(app, subscriber.authorization, 'units'), systems: new Set() };
  if (subscriber.viewer.role === 'vendor') return { units: new Set(), systems: await idsOf(app, subscriber.authorization, 'systems') };
  return { units: new Set(), systems: new Set() };
}

/**
 * Several subgraphs' logs as one sequence, read a page at a time: each subgraph's events in its own order
 * (its commits'), and among the heads, the earliest change first, so a subscriber catching up reads the
 * programme roughly as it happened, holding at most a page of each log.
 */
async function* interleaved(logs: readonly AsyncGenerator<ProgrammeEvent[]>[]): AsyncGenerator<ProgrammeEvent> {
  const heads = logs.map(() => [] as ProgrammeEvent[]);
  const open = logs.map(() => true);
  for (;;) {
    for (const [i, log] of logs.entries()) {
      if (open[i] && heads[i]?.length === 0) {
        const page = await log.next();
        if (page.done) open[i] = false;
        else heads[i] = [...page.value];
      }
    }
    let next = -1;
    for (const [i, head] of heads.entries()) {
      const first = head[0];
      const best = next >= 0 ? heads[next]?.[0] : undefined;
      if (first && (!best || first.at < best.at)) next = i;
    }
    if (next < 0) return;
    yield heads[next]?.shift() as ProgrammeEvent;
  }
}

/** The subscription's resolvers: `programmeEvents` fans the follower's events out, filtered, from a cursor. */
function resolvers(app: FastifyInstance, follower: EventFollower, options: SubscriptionOptions) {
  const feeds = new Map(options.sources.map((source) => [source.name, source]));
  const history = (subgraph: string, after: number, until: number) => {
    const source = feeds.get(subgraph);
    return source ? eventPages(source, { key: options.key, self: 'gateway' }, after, until) : (async function* () {})();
  };

  async function* programmeEvents(
    inbox: Inbox<ProgrammeEvent>,
    sent: Positions,
    from: Positions | undefined,
    kinds: ReadonlySet<string> | undefined,
    subscriber: SubscriberContext,
  ) {
    // Asked of the graph when an event needs it, again after an event that may change it.
    let reach: Reach | undefined;
    /** The event with its cursor when the subscriber may have it; its position moves on either way. */
    const take = async (event: ProgrammeEvent) => {
      sent[event.subgraph] = event.seq;
      if (changesReach(subscriber.viewer, event)) reach = undefined;
      if (kinds && !kinds.has(event.kind)) return undefined;
      if (needsReach(subscriber.viewer, event)) reach ??= await reachOf(app, subscriber);
      if (!mayReceive(subscriber.viewer, event, reach ?? { units: new Set(), systems: new Set() })) return undefined;
      return { programmeEvents: { ...event, cursor: encodePositions(sent), data: JSON.stringify(event.data) } };
    };
    try {
      // What was missed since the cursor, from each subgraph's log, up to where the follower is.
      if (from) {
        const missed = Object.entries({ ...follower.positions }).flatMap(([subgraph, position]) => {
          const after = from[subgraph];
          return after === undefined || after >= position ? [] : [history(subgraph, after, position)];
        });
        for await (const event of interleaved(missed)) {
          const shown = await take(event);
          if (shown) yield shown;
        }
      }
      for (;;) {
        const event = await inbox.next();
        if (!event) {
          if (inbox.overflowed) throw interrupted(`the subscriber fell ${INBOX_LIMIT} events behind`);
          return;
        }
        const position = sent[event.subgraph];
        if (position !== undefined && event.seq <= position) continue;
        // A gap (the follower reached this subgraph after the subscription began): the missing events first.
        if (position !== undefined && event.seq > position + 1) {
          for await (const missed of interleaved([history(event.subgraph, position, event.seq - 1)])) {
            const shown = await take(missed);
            if (shown) yield shown;
          }
        }
        const shown = await take(event);
        if (shown) yield shown;
      }
    } catch (error) {
      if (error instanceof GraphQLError) throw error;
      options.logger.warn({ err: error }, 'gateway: a subscription stopped');
      throw interrupted(`a subgraph's event log could not be read (${(error as Error).message})`);
    }
  }

  /** Starts a subscription: listening begins at once, so nothing after the positions taken is missed; closing it stops listening. */
  function subscribe(args: { after?: string | null; kinds?: EventKind[] | null }, subscriber: SubscriberContext) {
    const from = args.after == null ? undefined : decodePositions(args.after);
    if (from === null)
      throw new GraphQLError('after is not a cursor of this hub: pass the `cursor` of an event received.', {
        extensions: { code: 'BAD_USER_INPUT' },
      });
    const inbox = new Inbox<ProgrammeEvent>();
    // In the same turn: every event after these positions reaches the inbox.
    const stopListening = follower.listen((event) => inbox.push(event));
    const sent: Positions = { ...follower.positions, ...from };
    const events = programmeEvents(inbox, sent, from, args.kinds?.length ? new Set(args.kinds) : undefined, subscriber);
    options.metrics.subscriptions.inc();
    let open = true;
    // A subscriber that leaves ends its generator even while it waits for an event nobody may send it.
    const close = () => {
      if (open) options.metrics.subscriptions.dec();
      open = false;
      stopListening();
      inbox.close();
    };
    return {
      next: async () => {
        const next = await events.next().catch((error: unknown) => {
          close();
          throw error;
        });
        if (next.done) close();
        return next;
      },
      return: () => {
        close();
        return events.return(undefined);
      },
      throw: (error?: unknown) => {
        close();
        return events.throw(error);
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  }

  return {
    Query: {
      eventCursor: async () => {
        // Once the follower has reached every subgraph (a few milliseconds after the start), or 5 s.
        const ready = await Promise.race([follower.ready.then(() => true), wait(5000, false)]);
        if (!ready) {
          const missing = options.sources.filter((s) => follower.positions[s.name] === undefined).map((s) => s.name);
          throw new GraphQLError(`The event logs of ${missing.join(', ')} cannot be read yet: ask again shortly.`, {
            extensions: { code: 'SUBGRAPH_UNAVAILABLE' },
          });
        }
        return encodePositions(follower.positions);
      },
      eventKinds: () =>
        Object.entries(EVENT_KINDS).map(([kind, info]) => ({
          kind,
          subgraph: [info.subgraph].flat().join(', '),
          description: info.description,
        })),
    },
    Subscription: {
      programmeEvents: {
        subscribe: (_: unknown, args: { after?: string | null; kinds?: EventKind[] | null }, context: SubscriberContext) =>
          subscribe(args, context),
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

/** How long a stopping gateway waits for its subscribers to close before it cuts them. */
const CLOSE_WAIT_MS = 2000;

/** When a verified token expires (its `exp`, read from its payload), in epoch milliseconds. */
function expiresAt(authorization: string): number {
  const payload = authorization.replace(/^Bearer\s+/i, '').split('.')[1] ?? '';
  const exp = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: number }).exp;
  // setTimeout takes at most 2^31 - 1 ms (24.8 days); a token that lives longer is checked again then.
  return Math.min((exp ?? 0) * 1000, Date.now() + 2 ** 31 - 1);
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
      // A connection is accepted only with a token that verifies, for a person's role; it ends when the token expires.
      onConnect: async (ctx) => {
        const authorization = authorizationOf(ctx.connectionParams, ctx.extra.request);
        if (!authorization) return false;
        try {
          const viewer = await options.identityOf({ headers: { authorization } } as IncomingMessage);
          if (viewer.role === 'anonymous') return false;
          Object.assign(ctx.extra, { viewer, authorization });
          const left = expiresAt(authorization) - Date.now();
          const socket = ctx.extra.socket;
          const expiry = setTimeout(() => socket.close(4403, 'Forbidden: the token expired; connect again with a new one'), left);
          expiry.unref();
          socket.once('close', () => clearTimeout(expiry));
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
    // A client that does not answer the close is not waited for (ws waits 30 s): the stop stays bounded.
    await Promise.race([server.dispose(), wait(CLOSE_WAIT_MS)]);
    for (const client of sockets.clients) client.terminate();
    await follower.stop();
  });
  return follower;
}
