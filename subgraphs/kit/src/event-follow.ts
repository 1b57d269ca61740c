/**
 * Following the programme's events as they commit, in every subgraph: what the gateway's subscriptions
 * and the notifications subgraph read. Each subgraph's log is followed from a position (its last seq
 * received) and handed on in seq order, each event once.
 * - Without NATS: by long polls of the subgraph's feed (event-feed.ts), which answers as soon as a commit's
 *   NOTIFY wakes it.
 * - With NATS (`NATS_URL`): by an ordered JetStream consumer of the subgraph's subject. An event whose seq
 *   jumps past the next one (published while this follower was away, or while NATS was) is preceded by the
 *   missing ones, read from the feed; and the feed is asked every few seconds whether anything was missed,
 *   so a NATS outage delays events but loses none.
 * Either way the outbox is the record, and a position is all a receiver needs to miss nothing.
 */
import { setTimeout as wait } from 'node:timers/promises';
import { DeliverPolicy, type NatsConnection } from 'nats';
import type { FeedPage } from './event-feed.ts';
import type { Positions, ProgrammeEvent } from './events.ts';
import { signSubgraphToken } from './identity.ts';
import type { Logger } from './log.ts';
import { connectNats, ensureStream, type NatsSettings, streamOf, subjectOf } from './nats.ts';

/** A subgraph whose events are followed, by its GraphQL URL (its feed answers beside it, at /events). */
export interface EventSource {
  name: string;
  url: string;
}

export interface FollowOptions {
  sources: readonly EventSource[];
  /** The shared secret's key: the feeds answer the hub's services only. */
  key: Uint8Array;
  /** Who follows, for the service identity the feeds see (`service:<self>`). */
  self: string;
  nats?: NatsSettings;
  logger: Logger;
  /** Where to start in each log; a log without one is followed from its end (what commits next). */
  from?: Positions;
}

export type EventListener = (event: ProgrammeEvent) => void | Promise<void>;

/** How long a long poll waits for the next commit. */
const POLL_WAIT_MS = 25_000;
/** With NATS, how often the feed is asked whether an event was missed. */
const SWEEP_MS = 5000;
/** Waits between attempts when a feed or NATS cannot be reached: from the first to the last. */
const BACKOFF_MS = [250, 500, 1000, 2000, 5000] as const;

/** Waits `ms`, or less when the follower stops (the wait's listener goes with it, whichever comes first). */
const sleep = (ms: number, signal: AbortSignal) => wait(ms, undefined, { signal }).catch(() => {});

/** Why a request failed, in a few words: the cause's code (ECONNREFUSED) or the message. */
const reasonOf = (error: unknown) => {
  const e = error as { message?: string; cause?: { code?: string; message?: string } };
  return e.cause?.code ?? e.cause?.message ?? e.message ?? String(error);
};

/** A page of a subgraph's feed; `after` undefined asks only for the log's end. */
export async function feedPage(
  source: EventSource,
  options: Pick<FollowOptions, 'key' | 'self'>,
  after: number | undefined,
  waitMs = 0,
  signal?: AbortSignal,
): Promise<FeedPage> {
  const url = new URL('/events', source.url);
  if (after !== undefined) url.searchParams.set('after', String(after));
  if (waitMs > 0) url.searchParams.set('waitMs', String(waitMs));
  const token = await signSubgraphToken({ id: `service:${options.self}`, role: 'service' }, options.key);
  const timeout = AbortSignal.timeout(waitMs + 10_000);
  const response = await fetch(url, {
    headers: { authorization: `Bearer ${token}` },
    signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
  });
  if (!response.ok) {
    await response.body?.cancel();
    throw new Error(`the ${source.name} feed answered HTTP ${response.status}`);
  }
  return (await response.json()) as FeedPage;
}

/**
 * The events of one log after `after` and up to `until` (to its end without it), from its feed, a page at a
 * time: a receiver far behind holds one page, never the whole range.
 */
export async function* eventPages(
  source: EventSource,
  options: Pick<FollowOptions, 'key' | 'self'>,
  after: number,
  until?: number,
): AsyncGenerator<ProgrammeEvent[]> {
  let position = after;
  for (;;) {
    const page = await feedPage(source, options, position);
    const wanted = until === undefined ? page.events : page.events.filter((e) => e.seq <= until);
    if (wanted.length > 0) yield wanted;
    const last = page.events.at(-1);
    if (!last || wanted.length < page.events.length || (until !== undefined && last.seq >= until)) return;
    position = last.seq;
  }
}

export class EventFollower {
  /** The last seq handed on, by subgraph; absent until the follower has reached that subgraph once. */
  readonly positions: Positions = {};
  private readonly listeners = new Set<EventListener>();
  private readonly stopping = new AbortController();
  private readonly running: Promise<void>[] = [];
  private connection?: Promise<NatsConnection>;
  /** Each subgraph's events are handed on one at a time, in order, whoever found them (NATS or the feed). */
  private readonly queues = new Map<string, Promise<void>>();
  private placed!: () => void;
  /** Settles once the follower knows its place in every subgraph's log. */
  readonly ready = new Promise<void>((resolve) => (this.placed = resolve));

  constructor(private readonly options: FollowOptions) {}

  start(): void {
    for (const source of this.options.sources) {
      this.running.push(this.options.nats ? this.followNats(source, this.options.nats) : this.followFeed(source));
    }
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await Promise.all(this.running);
    const connection = await this.connection?.catch(() => undefined);
    await connection?.close().catch(() => {});
  }

  /** Hears every event handed on from now; returns the call that stops hearing. */
  listen(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private get stopped() {
    return this.stopping.signal.aborted;
  }

  /** Hands on an event that follows the position; one already handed on is dropped. */
  private async deliver(event: ProgrammeEvent): Promise<void> {
    const position = this.positions[event.subgraph];
    if (position !== undefined && event.seq <= position) return;
    this.positions[event.subgraph] = event.seq;
    for (const listener of this.listeners) {
      try {
        await listener(event);
      } catch (error) {
        this.options.logger.error({ err: error, event: event.id }, `a listener failed on event ${event.id}`);
      }
    }
  }

  /** Runs `work` after the subgraph's earlier work, so its events go out in order. */
  private serially(name: string, work: () => Promise<void>): Promise<void> {
    const next = (this.queues.get(name) ?? Promise.resolve()).then(work, work);
    this.queues.set(
      name,
      next.catch(() => {}),
    );
    return next;
  }

  /** Retries `attempt` until it succeeds or the follower stops; says so once per outage. */
  private async persistently<T>(source: EventSource, what: string, attempt: () => Promise<T>): Promise<T | undefined> {
    for (let failures = 0; !this.stopped; failures++) {
      try {
        const result = await attempt();
        if (failures > 0) this.options.logger.info(`the ${source.name} subgraph's events are followed again (${what})`);
        return result;
      } catch (error) {
        if (this.stopped) return undefined;
        // One line: a subgraph still starting (or stopped) is expected, and its stack tells nothing.
        if (failures === 0)
          this.options.logger.warn(`the ${source.name} subgraph's events cannot be read yet (${what}: ${reasonOf(error)}); retrying`);
        await sleep(BACKOFF_MS[Math.min(failures, BACKOFF_MS.length - 1)] as number, this.stopping.signal);
      }
    }
    return undefined;
  }

  /** Where to start in a subgraph's log: the position given, or its end as it is now. */
  private async startOf(source: EventSource): Promise<boolean> {
    if (this.positions[source.name] !== undefined) return true;
    const given = this.options.from?.[source.name];
    const start = given ?? (await this.persistently(source, 'its end', () => feedPage(source, this.options, undefined)))?.last;
    if (start === undefined) return false;
    this.positions[source.name] ??= start;
    if (this.options.sources.every((s) => this.positions[s.name] !== undefined)) this.placed();
    return true;
  }

  /** Hands on, from the feed, every event after the position (and up to `until`), a page at a time. */
  private async catchUp(source: EventSource, until?: number): Promise<void> {
    const after = this.positions[source.name];
    if (after === undefined) return;
    for await (const page of eventPages(source, this.options, after, until)) for (const event of page) await this.deliver(event);
  }

  private async followFeed(source: EventSource): Promise<void> {
    if (!(await this.startOf(source))) return;
    while (!this.stopped) {
      const page = await this.persistently(source, 'its feed', () =>
        feedPage(source, this.options, this.positions[source.name], POLL_WAIT_MS, this.stopping.signal),
      );
      for (const event of page?.events ?? []) await this.deliver(event);
    }
  }

  private async followNats(source: EventSource, nats: NatsSettings): Promise<void> {
    const { logger } = this.options;
    if (!(await this.startOf(source))) return;
    // The feed is asked every few seconds from the start: events flow, late, while NATS cannot be reached.
    const sweep = async () => {
      while (!this.stopped) {
        await this.serially(source.name, () => this.catchUp(source)).catch(() => {});
        await sleep(SWEEP_MS, this.stopping.signal);
      }
    };
    const sweeping = sweep();
    const messages = await this.persistently(source, 'NATS', async () => {
      this.connection ??= connectNats(nats, `${this.options.self}-follower`, logger);
      const connection = await this.connection.catch((error: unknown) => {
        this.connection = undefined;
        throw error;
      });
      await ensureStream(await connection.jetstreamManager(), nats.prefix);
      // Ordered: JetStream hands the subject's messages over in order, and starts afresh after a gap or an outage.
      const consumer = await connection.jetstream().consumers.get(streamOf(nats.prefix), {
        filterSubjects: subjectOf(nats.prefix, source.name),
        deliver_policy: DeliverPolicy.New,
      });
      return consumer.consume();
    });
    if (messages) {
      this.stopping.signal.addEventListener('abort', () => void messages.close(), { once: true });
      // An event published before the consumer began is caught up by the next one's gap, or by the sweep.
      for await (const message of messages) {
        const event = message.json<ProgrammeEvent>();
        await this.serially(source.name, async () => {
          const position = this.positions[source.name] ?? 0;
          // A gap: the events before this one come from the feed first (the sweep retries them if it is down).
          if (event.seq > position + 1) await this.catchUp(source, event.seq - 1);
          if (event.seq === (this.positions[source.name] ?? 0) + 1) await this.deliver(event);
        }).catch((error: unknown) =>
          logger.warn(`the ${source.name} subgraph's event ${event.id} waits for its feed (${reasonOf(error)})`),
        );
      }
    }
    await sweeping;
  }
}
