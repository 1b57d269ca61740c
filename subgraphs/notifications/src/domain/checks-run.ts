/**
 * Running a day's checks (checks.ts) and storing what they find (drafts.ts), asked for (runDailyChecks,
 * inside the mutation's own transaction, as every mutation runs) or on the schedule (background.ts), which
 * asks the facts before its transaction, so that it holds its locks only while it writes.
 */
import type { Database } from '@cq/kit/database';
import type { Moment } from '@cq/kit/moment';
import type { EventOrigin } from '@cq/kit/outbox';
import type { AskPeer } from '@cq/kit/services';
import { eq } from 'drizzle-orm';
import type * as schema from '../data/schema.ts';
import { dailyCheckRuns, type NotificationRow } from '../data/schema.ts';
import { draftsOfDay, momentOfDay } from './checks.ts';
import { type Db, storeNotifications } from './drafts.ts';

/** Peer questions at a moment other than the request's: a day's checks ask as of that day. */
export type AskPeerAt = (moment: Moment) => AskPeer;

/** The actor the schedule's notifications and events are recorded under. */
export const SCHEDULE_ACTOR = 'service:notifications-schedule';

/** A day's checks in `db` (the caller's transaction): the notifications that were new. */
export async function checkDay(db: Db, askPeerAt: AskPeerAt, day: string, origin: EventOrigin): Promise<NotificationRow[]> {
  const drafts = await draftsOfDay(askPeerAt(momentOfDay(day, origin.at)), day);
  return storeNotifications(db, drafts, origin);
}

/**
 * The schedule's run of a day, once however many replicas run it: the replica whose transaction inserts the
 * day's row in `daily_check_runs` stores the notifications with it; another waits on that row's key until the
 * first commits, then inserts nothing and does nothing. Returns how many notifications were new, or null
 * when the day had run already.
 */
export async function runScheduledDay(db: Database<typeof schema>, askPeerAt: AskPeerAt, day: string, now: Date): Promise<number | null> {
  const [done] = await db.select({ day: dailyCheckRuns.day }).from(dailyCheckRuns).where(eq(dailyCheckRuns.day, day));
  if (done) return null;
  const drafts = await draftsOfDay(askPeerAt(momentOfDay(day, now)), day);
  return db.transaction(async (tx) => {
    const [claimed] = await tx.insert(dailyCheckRuns).values({ day, ranAt: now, created: 0 }).onConflictDoNothing().returning();
    if (!claimed) return null;
    const created = await storeNotifications(tx, drafts, { at: now, actor: SCHEDULE_ACTOR }, (rows) =>
      tx.update(dailyCheckRuns).set({ created: rows.length }).where(eq(dailyCheckRuns.day, day)),
    );
    return created.length;
  });
}
