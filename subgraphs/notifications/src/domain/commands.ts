/**
 * What the notifications subgraph changes: one function per mutation. The kit runs each mutation in one
 * transaction with its audit entry (`ctx.db` is that transaction).
 */
import { badInput, ruleError } from '@cq/kit/errors';
import { parseDate } from '@cq/kit/time';
import { and, inArray } from 'drizzle-orm';
import type { Context } from '../context.ts';
import { byMoment, unreadCount } from '../data/queries.ts';
import { notificationReads, notifications } from '../data/schema.ts';
import { checkDay } from './checks-run.ts';
import { receivedBy } from './policy.ts';

/** At most this many ids are marked at once, like a page. */
const MAX_IDS = 100;

/** Marks notifications read for the caller; refused whole when one is not the caller's to read. */
export async function markNotificationsRead(ctx: Context, ids: readonly string[]) {
  if (ids.length === 0 || ids.length > MAX_IDS) throw badInput(`ids must hold 1 to ${MAX_IDS} notification ids; got ${ids.length}.`, 'ids');
  const wanted = [...new Set(ids)];
  // An id that is no notification's is refused like another's: the caller learns nothing of notifications it does not receive.
  const numeric = wanted.filter((id) => /^[1-9]\d{0,14}$/.test(id)).map(Number);
  const received = numeric.length
    ? await ctx.db
        .select({ id: notifications.id })
        .from(notifications)
        .where(and(await receivedBy(ctx), byMoment(ctx.moment), inArray(notifications.id, numeric)))
    : [];
  if (received.length !== wanted.length) {
    const known = new Set(received.map((r) => String(r.id)));
    const others = wanted.filter((id) => !known.has(id));
    throw ruleError('FORBIDDEN', `Notification ${others.join(', ')} is not one you receive; nothing was marked.`, { ids: others });
  }
  return mark(
    ctx,
    received.map((r) => r.id),
  );
}

/** Marks every notification the caller receives read. */
export async function markAllNotificationsRead(ctx: Context) {
  const received = await ctx.db
    .select({ id: notifications.id })
    .from(notifications)
    .where(and(await receivedBy(ctx), byMoment(ctx.moment)));
  return mark(
    ctx,
    received.map((r) => r.id),
  );
}

/** Records the caller's read marks; a mark already there keeps its first moment. */
async function mark(ctx: Context, ids: readonly number[]) {
  const marked = ids.length
    ? await ctx.db
        .insert(notificationReads)
        .values(ids.map((notificationId) => ({ notificationId, reader: ctx.viewer.id, readAt: ctx.now })))
        .onConflictDoNothing()
        .returning({ id: notificationReads.notificationId })
    : [];
  return { marked: marked.length, unreadCount: await unreadCount(ctx) };
}

/** A day's calendar checks, asked for by the joint-conference office (the schema lets no one else in). */
export async function runDailyChecks(ctx: Context, day: string) {
  parseDate(day, 'input.day');
  const created = await checkDay(ctx.db, ctx.loaders.askPeerAt, day, { at: ctx.now, actor: ctx.viewer.id, requestId: ctx.requestId });
  return { day, created: created.length, notifications: created.map((n) => ({ ...n, readAt: null })) };
}
