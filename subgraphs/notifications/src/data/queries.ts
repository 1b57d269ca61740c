/**
 * The caller's notifications, a keyset page at a time (kit: paging.ts): unread first, then by the day each
 * is about, newest first, then newest made first. The order's three keys are kept ascending (the read flag,
 * the days before 2000-01-01, the id negated) so one row comparison finds the rows after a cursor.
 */
import type { Database } from '@cq/kit/database';
import { keysetPage, type PageArgs } from '@cq/kit/paging';
import { dayOfMoment } from '@cq/kit/time';
import { and, eq, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import type { Context } from '../context.ts';
import { receivedBy } from '../domain/policy.ts';
import type { NotificationKind } from '../generated/resolvers.ts';
import type * as schema from './schema.ts';
import { notificationReads, notifications } from './schema.ts';

type Db = Database<typeof schema>;

const EPOCH = '2000-01-01';
const readFlag = sql<number>`(case when ${notificationReads.readAt} is null then 0 else 1 end)`;
const daysBeforeEpoch = sql<number>`(date '2000-01-01' - ${notifications.day})`;
const idNegated = sql<number>`(-${notifications.id})`;
const ORDER = [readFlag, daysBeforeEpoch, idNegated];

/** A notification with the caller's read mark (null while unread). */
export type NotificationWithRead = typeof notifications.$inferSelect & { readAt: Date | null };

const keyOf = (n: NotificationWithRead) => [n.readAt ? 1 : 0, Math.round((Date.parse(EPOCH) - Date.parse(n.day)) / 86_400_000), -n.id];

/** The caller's read marks joined to the notifications. */
const readsOf = (reader: string) => and(eq(notificationReads.notificationId, notifications.id), eq(notificationReads.reader, reader));

/** What the operation's moment lets through: notifications about a day on or before the moment's day. */
export const byMoment = (moment: Context['moment']): SQL => sql`${notifications.day} <= ${dayOfMoment(moment.at)}::date`;

/** The notifications the caller receives about a day up to the operation's moment. */
export const receivedAtMoment = async (ctx: Pick<Context, 'viewer' | 'askPeer' | 'moment'>): Promise<SQL> =>
  and(await receivedBy(ctx), byMoment(ctx.moment)) as SQL;

export interface NotificationArgs extends PageArgs {
  unreadOnly?: boolean | null;
  kinds?: readonly NotificationKind[] | null;
}

/** One page of the caller's notifications with totalCount and unreadCount (one statement for both, when asked). */
export async function notificationPage(ctx: Pick<Context, 'db' | 'viewer' | 'askPeer' | 'moment'>, args: NotificationArgs) {
  const db = ctx.db as Db;
  const where = and(
    await receivedBy(ctx),
    byMoment(ctx.moment),
    args.kinds ? inArray(notifications.kind, [...args.kinds]) : undefined,
    args.unreadOnly ? isNull(notificationReads.readAt) : undefined,
  );
  let counts: Promise<{ total: number; unread: number }> | undefined;
  const countsOnce = () => {
    counts ??= db
      .select({
        total: sql<number>`count(*)::int`,
        unread: sql<number>`(count(*) filter (where ${notificationReads.readAt} is null))::int`,
      })
      .from(notifications)
      .leftJoin(notificationReads, readsOf(ctx.viewer.id))
      .where(where)
      .then(([row]) => ({ total: Number(row?.total ?? 0), unread: Number(row?.unread ?? 0) }));
    return counts;
  };
  const page = await keysetPage<NotificationWithRead>(
    args,
    ORDER,
    async (after, limit) => {
      const rows = await db
        .select({ notification: notifications, readAt: notificationReads.readAt })
        .from(notifications)
        .leftJoin(notificationReads, readsOf(ctx.viewer.id))
        .where(and(where, after))
        .orderBy(...ORDER)
        .limit(limit);
      return rows.map(({ notification, readAt }) => ({ ...notification, readAt }));
    },
    keyOf,
    async () => (await countsOnce()).total,
  );
  return { ...page, unreadCount: async () => (await countsOnce()).unread };
}

/** How many notifications the caller receives, about a day up to now, and has not read. */
export async function unreadCount(ctx: Pick<Context, 'db' | 'viewer' | 'askPeer' | 'moment'>): Promise<number> {
  const [row] = await (ctx.db as Db)
    .select({ n: sql<number>`count(*)::int` })
    .from(notifications)
    .leftJoin(notificationReads, readsOf(ctx.viewer.id))
    .where(and(await receivedBy(ctx), byMoment(ctx.moment), isNull(notificationReads.readAt)));
  return Number(row?.n ?? 0);
}
