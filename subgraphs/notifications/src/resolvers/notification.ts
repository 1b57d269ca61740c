import type { Context } from '../context.ts';
import { receivedAtMoment } from '../data/queries.ts';
import { KINDS } from '../domain/kinds.ts';
import type { NotificationKind, NotificationResolvers } from '../generated/resolvers.ts';

/** The caller's read mark: joined to its own list's rows, otherwise read through a loader. */
const readAtOf = async (n: { id: number; readAt?: Date | null }, ctx: Context) =>
  n.readAt !== undefined ? n.readAt : ((await ctx.loaders.readMark(ctx.viewer.id).load(n.id))?.readAt ?? null);

export const Notification: NotificationResolvers = {
  // Only a notification the caller receives, about a day up to the operation's moment; null for any other.
  __resolveReference: async (ref, ctx) => {
    const id = Number(ref.id);
    if (!Number.isSafeInteger(id) || id <= 0) return null;
    const row = await ctx.loaders.received(await receivedAtMoment(ctx)).load(id);
    if (!row) return null;
    return { ...row, readAt: await readAtOf(row, ctx) };
  },
  id: (n) => String(n.id),
  kind: (n) => n.kind as NotificationKind,
  kindLabel: (n) => KINDS[n.kind as NotificationKind].label,
  unit: (n) => (n.unitId ? { id: n.unitId } : null),
  system: (n) => (n.systemId ? { id: n.systemId } : null),
  vendor: (n) => (n.vendorId ? { id: n.vendorId } : null),
  isRead: async (n, _, ctx) => (await readAtOf(n, ctx)) !== null,
  readAt: (n, _, ctx) => readAtOf(n, ctx),
};
