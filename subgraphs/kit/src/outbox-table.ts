/**
 * The outbox's tables, the same in every subgraph's database; the kit's migrations (kit/drizzle/) create
 * them. drizzle-kit reads this file on its own. An event is written in the transaction of the change it
 * tells of (outbox.ts), so the two commit together or not at all.
 */
import { sql } from 'drizzle-orm';
import { bigint, index, jsonb, pgTable, smallint, text, timestamp } from 'drizzle-orm/pg-core';

export const eventOutbox = pgTable(
  'event_outbox',
  {
    /** The event's place in this subgraph's log: 1, 2, 3… in the order the changes committed, without gaps. */
    seq: bigint('seq', { mode: 'number' }).primaryKey(),
    kind: text('kind').notNull(),
    /** The change's moment: the operation's instant (the gateway's "now"), or the day a daily check ran for. */
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
    /** Who made the change (the token's subject); null for the hub's own checks. */
    actor: text('actor'),
    subjectType: text('subject_type').notNull(),
    subjectId: text('subject_id').notNull(),
    /** Whom the event concerns, for the filter by role and tenant (events.ts: mayReceive). */
    unitId: text('unit_id'),
    systemId: text('system_id'),
    vendorId: text('vendor_id'),
    carrierId: text('carrier_id'),
    /** The roles that may receive it (the kind's, events.ts: EVENT_KINDS, unless the change narrowed them). */
    roles: text('roles').array().notNull(),
    summary: text('summary').notNull(),
    data: jsonb('data').notNull(),
    requestId: text('request_id'),
    /** When NATS JetStream acknowledged it (event-relay.ts); null until then, and always without NATS. */
    publishedAt: timestamp('published_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [index('event_outbox_unpublished').on(t.seq).where(sql`published_at is null`)],
);

/** One row: the last seq given. Taking the next one locks the row until commit, so seqs follow commit order. */
export const eventSequence = pgTable('event_sequence', {
  id: smallint('id').primaryKey(),
  lastSeq: bigint('last_seq', { mode: 'number' }).notNull(),
});
