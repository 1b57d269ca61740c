import type { Database } from '@cq/kit/database';
import { rowLoader } from '@cq/kit/loaders';
import type { Moment } from '@cq/kit/moment';
import type { AskPeer } from '@cq/kit/services';
import type DataLoader from 'dataloader';
import { and, eq, inArray, type SQL } from 'drizzle-orm';
import type * as schema from './schema.ts';
import { type NotificationRow, notificationReads, notifications } from './schema.ts';

/** Fresh for every request; each batch is one SQL statement, whatever the number of ids asked for. */
export function createLoaders(db: Database<typeof schema>, _moment: Moment, askPeerAt: (moment: Moment) => AskPeer) {
  const byReader = new Map<string, DataLoader<number, typeof notificationReads.$inferSelect | null>>();
  let received: DataLoader<number, NotificationRow | null> | undefined;
  return {
    /**
     * Not a loader: peer questions at another moment than the request's (a day's checks ask as of that
     * day), carried here because the kit's context gives one moment per request.
     */
    askPeerAt,
    /**
     * The notifications the caller receives, by id (null for any other): `where` is the caller's condition
     * (policy.ts: receivedBy, with the moment's), the same for the whole request.
     */
    received(where: SQL) {
      received ??= rowLoader(
        async (ids: readonly number[]) =>
          await db
            .select()
            .from(notifications)
            .where(and(where, inArray(notifications.id, [...ids]))),
        (n) => n.id,
      );
      return received;
    },
    /** A reader's read marks, by notification id: for a notification not read through the caller's own list. */
    readMark(reader: string) {
      let loader = byReader.get(reader);
      if (!loader) {
        loader = rowLoader(
          async (ids: readonly number[]) =>
            await db
              .select()
              .from(notificationReads)
              .where(and(eq(notificationReads.reader, reader), inArray(notificationReads.notificationId, [...ids]))),
          (r) => r.notificationId,
        );
        byReader.set(reader, loader);
      }
      return loader;
    },
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
