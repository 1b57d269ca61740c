/**
 * The outbox: each subgraph's log of events, written in the transaction of the change it tells of, so a
 * change and its event commit together or not at all; a crash after the commit loses nothing, since the
 * event is in the database before anyone is told. Each event takes the next seq of its subgraph's log under
 * a row lock held until commit, so seqs follow commit order without gaps: a reader that has seq n has every
 * event before it. The commit also notifies (PostgreSQL NOTIFY, sent only on commit) whoever waits for the
 * next event: the feed (event-feed.ts) and the relay to NATS (event-relay.ts).
 */
import { asc, gt, sql } from 'drizzle-orm';
import { type Database, selectRows, type Transaction } from './database.ts';
import { EVENT_KINDS, type NewEvent, type ProgrammeEvent } from './events.ts';
import type { Role } from './identity.ts';
import { eventOutbox } from './outbox-table.ts';

type AnyDatabase = Database<Record<string, unknown>> | Transaction<Record<string, unknown>>;

/** The channel each commit of events notifies, with its last seq as the payload. */
export const EVENTS_CHANNEL = 'programme_events';

/** Who and when, for every event of one change. */
export interface EventOrigin {
  at: Date;
  actor: string | null;
  requestId?: string | null;
}

/**
 * Writes a change's events in its transaction. Call it last in the transaction: the row lock on the
 * sequence, which orders the logs, is then held only while the transaction commits.
 */
export async function recordEvents(db: AnyDatabase, events: readonly NewEvent[], origin: EventOrigin): Promise<void> {
  if (events.length === 0) return;
  const [taken] = await selectRows<{ last_seq: string | number }>(
    db as Database<Record<string, unknown>>,
    sql`update event_sequence set last_seq = last_seq + ${events.length} where id = 1 returning last_seq`,
  );
  if (!taken) throw new Error('The event sequence has no row: the kit migration 0003 did not run.');
  const first = Number(taken.last_seq) - events.length + 1;
  await db.insert(eventOutbox).values(
    events.map((event, index) => ({
      seq: first + index,
      kind: event.kind,
      at: origin.at,
      actor: origin.actor,
      subjectType: event.subjectType,
      subjectId: event.subjectId,
      unitId: event.unitId ?? null,
      systemId: event.systemId ?? null,
      vendorId: event.vendorId ?? null,
      carrierId: event.carrierId ?? null,
      roles: [...(event.roles ?? EVENT_KINDS[event.kind].roles)],
      summary: event.summary,
      data: event.data ?? {},
      requestId: origin.requestId ?? null,
    })),
  );
  await db.execute(sql`select pg_notify(${EVENTS_CHANNEL}, ${String(first + events.length - 1)})`);
}

type OutboxRow = typeof eventOutbox.$inferSelect;

/** An outbox row as the event the hub sends on. */
export const eventOf = (subgraph: string, row: OutboxRow): ProgrammeEvent => ({
  id: `${subgraph}-${row.seq}`,
  subgraph,
  seq: Number(row.seq),
  kind: row.kind as ProgrammeEvent['kind'],
  at: row.at.toISOString(),
  actor: row.actor,
  subjectType: row.subjectType,
  subjectId: row.subjectId,
  unitId: row.unitId,
  systemId: row.systemId,
  vendorId: row.vendorId,
  carrierId: row.carrierId,
  roles: row.roles as Role[],
  summary: row.summary,
  data: row.data as Record<string, unknown>,
  requestId: row.requestId,
});

/** The events after seq `after`, oldest first, at most `limit`. */
export async function eventsAfter(db: AnyDatabase, subgraph: string, after: number, limit: number): Promise<ProgrammeEvent[]> {
  const rows = await db.select().from(eventOutbox).where(gt(eventOutbox.seq, after)).orderBy(asc(eventOutbox.seq)).limit(limit);
  return rows.map((row) => eventOf(subgraph, row));
}

/** The last seq of the log (0 while it is empty). */
export async function lastSeq(db: AnyDatabase): Promise<number> {
  const [row] = await selectRows<{ last_seq: string | number }>(
    db as Database<Record<string, unknown>>,
    sql`select last_seq from event_sequence where id = 1`,
  );
  return Number(row?.last_seq ?? 0);
}
