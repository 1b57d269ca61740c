/**
 * What the notifications subgraph does on its own (kit: SubgraphDefinition.background), inside the hub, with
 * no outside cron:
 * - the schedule: on start, and then each day shortly after midnight in Asia/Shanghai, today's checks, once
 *   however many replicas run (checks-run.ts: runScheduledDay); a day whose facts cannot be asked yet (a
 *   peer still starting) is tried again a little later;
 * - the events: units', vendors' and the park's logs followed from the positions stored here, each event's
 *   notification stored in one transaction with the new position, so each event is told exactly once across
 *   restarts. A log never read before is read from its start (the seeds record no events).
 */
import { setTimeout as wait } from 'node:timers/promises';
import type { BackgroundServices } from '@cq/kit/server';
import { dateOf, nextDay, startOfDay } from '@cq/kit/time';
import { sql } from 'drizzle-orm';
import type * as schema from '../data/schema.ts';
import { eventPositions } from '../data/schema.ts';
import { runScheduledDay } from './checks-run.ts';
import { storeNotifications } from './drafts.ts';
import { draftOfEvent } from './from-events.ts';

/** The logs whose events make notifications. */
export const FOLLOWED = ['units', 'vendors', 'park'] as const;

/** How long after midnight the day's checks run: the other subgraphs' own midnight work settles first. */
const AFTER_MIDNIGHT_MS = 5 * 60_000;
/** How long to wait before asking again when a day's facts could not be asked. */
const RETRY_MS = [5_000, 15_000, 60_000, 300_000] as const;

export interface BackgroundSettings {
  /** The schedule's clock (tests fix it); the wall clock by default. */
  clock?: () => Date;
  /** False: no schedule (tests that run days by hand). */
  schedule?: boolean;
  /** False: no following of events. */
  follow?: boolean;
}

/** Waits `ms`, or less when stopped (the wait's listener goes with it, whichever comes first). */
const sleep = (ms: number, signal: AbortSignal) => wait(ms, undefined, { signal }).catch(() => {});

/** Today's checks, then each next day's, until stopped. */
async function schedule(services: BackgroundServices<typeof schema>, clock: () => Date, signal: AbortSignal): Promise<void> {
  const { db, logger, askPeer } = services;
  for (let failures = 0; !signal.aborted; ) {
    const now = clock();
    const today = dateOf(now);
    try {
      const created = await runScheduledDay(db, askPeer, today, now);
      if (created !== null) logger.info(`notifications: the checks of ${today} made ${created} notification(s)`);
      failures = 0;
    } catch (error) {
      if (signal.aborted) return;
      // One line: a peer still starting is expected at the hub's start.
      logger.warn(`notifications: the checks of ${today} could not run yet (${(error as Error).message}); retrying`);
      await sleep(RETRY_MS[Math.min(failures++, RETRY_MS.length - 1)] as number, signal);
      continue;
    }
    const next = startOfDay(nextDay(today)).getTime() + AFTER_MIDNIGHT_MS;
    await sleep(Math.max(1000, next - clock().getTime()), signal);
  }
}

/** Follows the logs from the stored positions; returns the follower's stop. */
async function followEvents(services: BackgroundServices<typeof schema>, signal: AbortSignal): Promise<() => Promise<void>> {
  const { db, logger } = services;
  const stored = await db.select().from(eventPositions);
  const from = Object.fromEntries(FOLLOWED.map((name) => [name, stored.find((p) => p.subgraph === name)?.seq ?? 0]));
  const follower = services.follow(FOLLOWED, from);
  follower.listen(async (event) => {
    const draft = draftOfEvent(event);
    for (let attempt = 1; ; attempt++) {
      try {
        await db.transaction((tx) =>
          storeNotifications(tx, draft ? [draft] : [], { at: new Date(), actor: `service:notifications`, requestId: event.requestId }, () =>
            tx
              .insert(eventPositions)
              .values({ subgraph: event.subgraph, seq: event.seq })
              .onConflictDoUpdate({ target: eventPositions.subgraph, set: { seq: sql`greatest(${eventPositions.seq}, excluded.seq)` } }),
          ),
        );
        return;
      } catch (error) {
        // Until it is stored, or the subgraph stops (its next start reads from the stored place again): the
        // follower hands on nothing after it meanwhile, so no later event's place can pass it by.
        if (signal.aborted) throw error;
        if (attempt === 1) logger.warn(`notifications: event ${event.id} cannot be stored yet (${(error as Error).message}); retrying`);
        await sleep(RETRY_MS[Math.min(attempt - 1, RETRY_MS.length - 1)] as number, signal);
      }
    }
  });
  follower.start();
  logger.info(`notifications: following ${FOLLOWED.join(', ')} from ${JSON.stringify(from)}`);
  return () => follower.stop();
}

/** Starts the schedule and the follower; the returned stop waits for both to end. */
export function startBackground(services: BackgroundServices<typeof schema>, settings: BackgroundSettings = {}) {
  const stopping = new AbortController();
  const clock = settings.clock ?? (() => new Date());
  const scheduled = settings.schedule === false ? Promise.resolve() : schedule(services, clock, stopping.signal);
  const following =
    settings.follow === false
      ? Promise.resolve(async () => {})
      : followEvents(services, stopping.signal).catch((error: unknown) => {
          services.logger.error({ err: error }, 'notifications: the events cannot be followed');
          return async () => {};
        });
  return {
    async stop() {
      stopping.abort();
      await (await following)();
      await scheduled;
    },
  };
}
