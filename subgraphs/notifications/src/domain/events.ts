/**
 * What each mutation of the notifications subgraph tells the programme (kit: event-declarations.ts). A
 * reader's read marks concern that reader alone, and a day's checks record the NOTIFICATION_CREATED event
 * of each notification they make themselves (drafts.ts: storeNotifications), in the same transaction, as
 * the schedule and the event follower do: the mutations declare no events of their own.
 */
import type { EventDeclarations } from '@cq/kit/event-declarations';
import type { Context } from '../context.ts';

export const events: EventDeclarations<Context> = {
  changes: {
    markNotificationsRead: () => [],
    markAllNotificationsRead: () => [],
    runDailyChecks: () => [],
  },
};
