import { costScope, mayReadSystem, mayReadTask, readScope } from '../domain/policy.ts';
import type { InformationSystemResolvers } from '../generated/resolvers.ts';

export const InformationSystem: InformationSystemResolvers = {
  migrationTask: async (s, _, ctx) => {
    const scope = await readScope(ctx);
    await mayReadSystem(ctx, scope, s.id);
    const task = await ctx.loaders.taskOfSystem.load(s.id);
    return task && mayReadTask(ctx.viewer, scope, task);
  },
  cloudMonthlyCostCny: async (s, _, ctx) => {
    await mayReadSystem(ctx, await costScope(ctx), s.id);
    return (await ctx.loaders.cloudCostOfSystem.load(s.id))?.total ?? '0.00';
  },
};
