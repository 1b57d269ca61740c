import { contractScopeSql, mayReadProvider, readScope, taskScopeSql, visibleContracts, visibleTasks } from '../domain/policy.ts';
import { isStale } from '../domain/rules.ts';
import type { VendorResolvers } from '../generated/resolvers.ts';

export const Vendor: VendorResolvers = {
  __resolveReference: (ref, { loaders }) => loaders.vendor.load(ref.id),
  name: (v) => v.nameEn,
  officialName: (v) => v.nameZh,
  services: (v, _, { loaders }) => loaders.servicesOfVendor.load(v.id),
  contracts: async (v, _, ctx) => {
    const scope = await readScope(ctx);
    mayReadProvider(ctx.viewer, scope, v.id);
    return visibleContracts(scope, await ctx.loaders.contractsOfVendor.load(v.id));
  },
  contractsPage: async (v, page, ctx) => {
    const scope = await readScope(ctx);
    mayReadProvider(ctx.viewer, scope, v.id);
    return ctx.loaders.contractPagesOfVendor(contractScopeSql(scope)).load(v.id, page, null);
  },
  certifications: (v, _, { loaders }) => loaders.certificationsOfVendor.load(v.id),
  contingencyPlans: (v, _, { loaders }) => loaders.contingencyPlansOfVendor.load(v.id),
  serviceLevel: (v, _, { loaders }) => loaders.serviceLevel.load(v.id),
  migrationTasks: async (v, { stale }, ctx) => {
    const scope = await readScope(ctx);
    mayReadProvider(ctx.viewer, scope, v.id);
    const tasks = (await ctx.loaders.tasksOfVendor.load(v.id)).filter((t) => stale == null || isStale(t, ctx.now) === stale);
    return visibleTasks(ctx, scope, tasks);
  },
  migrationTasksPage: async (v, { stale, ...page }, ctx) => {
    const scope = await readScope(ctx);
    mayReadProvider(ctx.viewer, scope, v.id);
    return ctx.loaders.taskPagesOfVendor(await taskScopeSql(ctx, scope)).load(v.id, page, stale ?? null);
  },
};
