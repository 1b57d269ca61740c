import * as commands from '../domain/commands.ts';
import type { MutationResolvers } from '../generated/resolvers.ts';

export const Mutation: MutationResolvers = {
  markNotificationsRead: (_, { input }, ctx) => commands.markNotificationsRead(ctx, input.ids),
  markAllNotificationsRead: (_, __, ctx) => commands.markAllNotificationsRead(ctx),
  runDailyChecks: (_, { input }, ctx) => commands.runDailyChecks(ctx, input.day),
};
