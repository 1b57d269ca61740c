import { notificationPage } from '../data/queries.ts';
import type { QueryResolvers } from '../generated/resolvers.ts';

export const Query: QueryResolvers = {
  notifications: (_, args, ctx) => notificationPage(ctx, args),
};
