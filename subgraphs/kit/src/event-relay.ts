/**
 * The relay from a subgraph's outbox to NATS JetStream: it publishes the events not yet acknowledged, in
 * seq order, each with its id as JetStream's message id, and marks each one published once JetStream has
 * stored it. A relay that dies between the two publishes the event again on its next pass, and JetStream
 * stores it once; an event committed while NATS is down waits in the outbox and goes out once it is back.
 * One pass at a time per database (a transaction-scoped advisory lock), so replicas of a subgraph publish
 * in order without publishing each event once per replica.
 */
import { sql } from 'drizzle-orm';
import type { JetStreamClient, NatsConnection } from 'nats';
import { type Database, selectRows } from './database.ts';
import type { EventLog } from './event-feed.ts';
import type { Logger } from './log.ts';
import { connectNats, ensureStream, type NatsSettings, streamOf, subjectOf } from './nats.ts';
import { eventOf } from './outbox.ts';
import { eventOutbox } from './outbox-table.ts';

/** The advisory lock a relay's pass holds (any number; the same in every subgraph's own database). */
const RELAY_LOCK = 734_001;
/** Events published by one pass, before their marks commit. */
const BATCH = 200;
/** A pass after a failure waits this long before trying again. */
const RETRY_MS = 1000;

export class EventRelay {
  private connection?: NatsConnection;
  private running = false;
  private stopped?: Promise<void>;

  constructor(
    private readonly subgraph: string,
    private readonly db: Database<Record<string, unknown>>,
    private readonly log: EventLog,
    private readonly settings: NatsSettings,
    private readonly logger: Logger,
  ) {}

  /** Connects and starts publishing; a NATS server that is not there yet is waited for. */
  start(): void {
    this.running = true;
    this.stopped = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.stopped;
    await this.connection?.drain().catch(() => {});
  }

  private async run(): Promise<void> {
    let failures = 0;
    let js: JetStreamClient | undefined;
    while (this.running) {
      try {
        if (!js) {
          this.connection ??= await connectNats(this.settings, `${this.subgraph}-relay`, this.logger);
          await ensureStream(await this.connection.jetstreamManager(), this.settings.prefix);
          js = this.connection.jetstream();
        }
        const published = await this.pass(js);
        failures = 0;
        if (published < BATCH) await this.log.nextCommit(RETRY_MS);
      } catch (error) {
        // Said once per outage, not once per second.
        if (failures++ === 0) this.logger.warn({ err: error }, `${this.subgraph}: events wait in the outbox: NATS cannot take them yet`);
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    }
  }

  /** Publishes the oldest unpublished events and marks them; none when another replica's pass holds the lock. */
  private async pass(js: JetStreamClient): Promise<number> {
    return this.db.transaction(async (tx) => {
      const [lock] = await selectRows<{ held: boolean }>(tx as never, sql`select pg_try_advisory_xact_lock(${RELAY_LOCK}) as held`);
      if (!lock?.held) return 0;
      const rows = await tx.select().from(eventOutbox).where(sql`published_at is null`).orderBy(eventOutbox.seq).limit(BATCH);
      for (const row of rows) {
        const event = eventOf(this.subgraph, row);
        await js.publish(subjectOf(this.settings.prefix, this.subgraph, event.kind), JSON.stringify(event), {
          msgID: event.id,
          expect: { streamName: streamOf(this.settings.prefix) },
        });
      }
      const last = rows.at(-1);
      if (last) await tx.execute(sql`update event_outbox set published_at = now() where published_at is null and seq <= ${last.seq}`);
      return rows.length;
    });
  }
}
