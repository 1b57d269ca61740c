import { bigint, bigserial, date, index, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * The notifications. Units, systems and providers are other subgraphs' records, referred to by id (no
 * foreign key across databases). `occasion` is the natural key (domain/drafts.ts): a fact told once
 * makes one notification, however often a check or an event tells it again.
 */
export const notifications = pgTable(
  'notifications',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    occasion: text('occasion').notNull().unique(),
    kind: text('kind').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    title: text('title').notNull(),
    message: text('message').notNull(),
    /** The roles that receive it; coordinators, officers and providers only for their own unit or provider. */
    roles: text('roles').array().notNull(),
    unitId: text('unit_id'),
    systemId: text('system_id'),
    vendorId: text('vendor_id'),
    dueDate: date('due_date', { mode: 'string' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  // A unit's notifications, and a provider's, read off an index (policy.ts scopes by them).
  (t) => [index('notifications_unit_idx').on(t.unitId), index('notifications_vendor_idx').on(t.vendorId)],
);

/** Who has read what: one row per reader (the token's subject) and notification. */
export const notificationReads = pgTable(
  'notification_reads',
  {
    notificationId: bigint('notification_id', { mode: 'number' }).notNull(),
    reader: text('reader').notNull(),
    readAt: timestamp('read_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.reader, t.notificationId] })],
);

/** The days whose scheduled checks have run: the replica that inserts the day runs them, the others do nothing. */
export const dailyCheckRuns = pgTable('daily_check_runs', {
  day: date('day', { mode: 'string' }).primaryKey(),
  ranAt: timestamp('ran_at', { withTimezone: true }).notNull(),
  created: integer('created').notNull(),
});

/** How far this subgraph has read each other subgraph's event log, stored with the notifications an event makes. */
export const eventPositions = pgTable('event_positions', {
  subgraph: text('subgraph').primaryKey(),
  seq: integer('seq').notNull(),
});

export type NotificationRow = typeof notifications.$inferSelect;
export type NewNotification = typeof notifications.$inferInsert;
