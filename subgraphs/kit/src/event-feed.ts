/**
 * A subgraph's log of events served to the hub's own services (the gateway, the notifications subgraph):
 * `GET /events?after=<seq>&waitMs=<ms>` answers the events after that seq, oldest first, waiting up to
 * `waitMs` for the next commit when there are none yet (a long poll). A receiver that keeps the last seq
 * it has and asks again from it misses nothing and gets nothing twice, whatever was down meanwhile: the
 * answer is read from the outbox, and a commit's NOTIFY only says when to read it. Without `after` it
 * answers the log's end, where a receiver that wants only what comes next starts. Only a request signed as
 * a service of the hub is answered: the log holds every tenant's events, and each receiver filters them.
 */
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { OpenDatabase } from './database.ts';
import type { ProgrammeEvent } from './events.ts';
import type { SubgraphRequest } from './identity.ts';
import type { Logger } from './log.ts';
import { EVENTS_CHANNEL, eventsAfter, lastSeq } from './outbox.ts';

/** The answer of `GET /events`: the events after the seq asked, and the last seq committed when it was read. */
export interface FeedPage {
  events: ProgrammeEvent[];
  last: number;
}

/** The most events one answer carries; a receiver behind asks again at once. */
export const FEED_PAGE_SIZE = 500;
/** The longest a request may wait for the next event. */
const MAX_WAIT_MS = 30_000;
/**
 * While anyone waits, the log is also read this often: a notification is lost while the listening
 * connection is down (a database restart), and postgres.js may not listen again after a failed attempt.
 */
const RECHECK_MS = 2000;

/** Wakes the requests waiting for a subgraph's next events: on each commit's NOTIFY, and every RECHECK_MS. */
export class EventLog {
  private waiters = new Set<() => void>();
  private listening?: Promise<{ unlisten(): Promise<void> }>;
  /** Set when the subgraph stops: a long poll answers at once with what there is, so the stop waits for none. */
  private stopping = false;

  constructor(
    readonly subgraph: string,
    private readonly database: Pick<OpenDatabase<Record<string, unknown>>, 'backgroundDb' | 'listen'>,
    private readonly logger: Logger,
  ) {}

  /** Starts listening for commits (LISTEN); until it does, waiting falls back on reading every RECHECK_MS. */
  start(): void {
    this.listening ??= this.database.listen(
      EVENTS_CHANNEL,
      () => this.wake(),
      () => this.wake(),
    );
    this.listening.catch((error: unknown) =>
      this.logger.warn({ err: error }, `${this.subgraph}: could not listen for events; the feed reads its log every two seconds instead`),
    );
  }

  /** Ends every wait now and from now on: called as the HTTP server begins to drain. */
  release(): void {
    this.stopping = true;
    this.wake();
  }

  async stop(): Promise<void> {
    this.release();
    const listening = this.listening;
    this.listening = undefined;
    await listening?.then((l) => l.unlisten()).catch(() => {});
  }

  private wake(): void {
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const wake of waiters) wake();
  }

  /** Resolves at the next commit of events, or after `ms`, or when `signal` aborts, whichever comes first. */
  nextCommit(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      timer.unref();
      this.waiters.add(done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }

  /** The events after `after`, waiting up to `waitMs` for the first one; or only the log's end without `after`. */
  async page(after: number | undefined, waitMs: number, signal?: AbortSignal): Promise<FeedPage> {
    const db = this.database.backgroundDb;
    if (after === undefined) return { events: [], last: await lastSeq(db) };
    const deadline = Date.now() + Math.min(Math.max(waitMs, 0), MAX_WAIT_MS);
    for (;;) {
      // Waiting starts before the read, so a commit during the read is not missed.
      const commit = this.nextCommit(Math.max(0, Math.min(deadline - Date.now(), RECHECK_MS)), signal);
      // The end first: every event up to it is committed, so the page read after it holds them all.
      const last = await lastSeq(db);
      const events = last > after ? await eventsAfter(db, this.subgraph, after, FEED_PAGE_SIZE) : [];
      if (events.length > 0 || Date.now() >= deadline || signal?.aborted || this.stopping) return { events, last };
      await commit;
    }
  }
}

const seqParam = (value: unknown): number | undefined | null => {
  if (value === undefined) return undefined;
  const n = Number(value);
  return typeof value === 'string' && /^\d{1,15}$/.test(value) && Number.isSafeInteger(n) ? n : null;
};

/** Serves `GET /events` for the hub's services; `verify` is the subgraph's check of a signed request. */
export function serveEventFeed(app: FastifyInstance, log: EventLog, verify: (req: IncomingMessage) => Promise<SubgraphRequest>): void {
  // Long polls in flight answer as the server begins to drain: a stop never waits out their 25 s.
  app.addHook('preClose', async () => log.release());
  app.get('/events', async (request, reply) => {
    let caller: SubgraphRequest;
    try {
      caller = await verify(request.raw);
    } catch (error) {
      return reply.code(401).send({ errors: [{ message: (error as Error).message, extensions: { code: 'UNAUTHENTICATED' } }] });
    }
    if (caller.viewer.role !== 'service') {
      return reply.code(403).send({
        errors: [
          { message: "The event log is read by the hub's services only; subscribe at the gateway.", extensions: { code: 'FORBIDDEN' } },
        ],
      });
    }
    const query = request.query as Record<string, unknown>;
    const after = seqParam(query.after);
    const waitMs = seqParam(query.waitMs) ?? 0;
    if (after === null) {
      return reply
        .code(400)
        .send({ errors: [{ message: 'after must be a seq: a whole number.', extensions: { code: 'BAD_USER_INPUT' } }] });
    }
    // A receiver that goes away stops the wait: its request needs no answer (the response closes unsent).
    const gone = new AbortController();
    reply.raw.once('close', () => gone.abort());
    return log.page(after, waitMs, gone.signal);
  });
}
