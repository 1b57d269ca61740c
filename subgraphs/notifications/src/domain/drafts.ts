/**
 * Notifications are made in one place: `storeNotifications` inserts them by their natural key (the
 * occasion: kind, subject and due date or day), so a fact told twice, by a check run again, by a second
 * replica or by an event and a check alike, makes one notification; and it records, in the same
 * transaction, one NOTIFICATION_CREATED event per new notification, addressed to its recipients (the
 * gateway's filter, kit: mayReceive, sends it to them alone).
 */
import type { Database, Transaction } from '@cq/kit/database';
import type { NewEvent } from '@cq/kit/events';
import { type EventOrigin, recordEvents } from '@cq/kit/outbox';
import type * as schema from '../data/schema.ts';
import { type NewNotification, type NotificationRow, notifications } from '../data/schema.ts';
import type { NotificationKind } from '../generated/resolvers.ts';
import { KINDS } from './kinds.ts';

export type Db = Database<typeof schema> | Transaction<typeof schema>;

/** A notification to make, before it is known to be new. */
export interface Draft {
  kind: NotificationKind;
  /** What it is about: a system, an extension request, a task, an event, a budget line. */
  subject: string;
  day: string;
  title: string;
  message: string;
  unitId?: string | null;
  systemId?: string | null;
  vendorId?: string | null;
  dueDate?: string | null;
}

/**
 * The natural key. A due date, when there is one, keys the fact (a system is due soon, or overdue, once per
 * due date, whatever day it is first seen); otherwise the subject alone (one request, one event, one line).
 */
export const occasionOf = (draft: Draft) => [draft.kind, draft.subject, draft.dueDate ?? ''].join('|');

const rowOf = (draft: Draft, createdAt: Date): NewNotification => ({
  occasion: occasionOf(draft),
  kind: draft.kind,
  day: draft.day,
  title: draft.title,
  message: draft.message,
  roles: [...KINDS[draft.kind].roles],
  unitId: draft.unitId ?? null,
  systemId: draft.systemId ?? null,
  vendorId: draft.vendorId ?? null,
  dueDate: draft.dueDate ?? null,
  createdAt,
});

/** The live event of a new notification: to its roles, and to those of them acting for its unit or provider only. */
export const eventOfNotification = (row: NotificationRow): NewEvent => ({
  kind: 'NOTIFICATION_CREATED',
  subjectType: 'Notification',
  subjectId: String(row.id),
  unitId: row.unitId,
  systemId: row.systemId,
  vendorId: row.vendorId,
  roles: row.roles as NewEvent['roles'],
  summary: row.title,
  data: { notificationId: String(row.id), kind: row.kind, day: row.day },
});

/**
 * Inserts the drafts not made before and their events; returns the new rows in id order. Call it in a
 * transaction; `alongside` writes the rest of the transaction's rows before the events, which come last
 * (kit: outbox.ts, the sequence's lock is then held only while the transaction commits).
 */
export async function storeNotifications(
  tx: Db,
  drafts: readonly Draft[],
  origin: EventOrigin,
  alongside?: (created: readonly NotificationRow[]) => Promise<unknown>,
): Promise<NotificationRow[]> {
  const created = drafts.length
    ? await tx
        .insert(notifications)
        .values(drafts.map((draft) => rowOf(draft, origin.at)))
        .onConflictDoNothing({ target: notifications.occasion })
        .returning()
    : [];
  created.sort((a, b) => a.id - b.id);
  await alongside?.(created);
  await recordEvents(tx as Database<Record<string, unknown>>, created.map(eventOfNotification), origin);
  return created;
}
