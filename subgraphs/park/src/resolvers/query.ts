import { dayOfMoment } from '@cq/kit/time';
import { dataCenterList, parkServiceList, placedSystemIds, placementList } from '../data/queries.ts';
import { placementScope, placementScopeSql } from '../domain/policy.ts';
import type { QueryResolvers } from '../generated/resolvers.ts';

export const Query: QueryResolvers = {
  dataCenter: (_, { id }, { loaders }) => loaders.dataCenter.load(id),
  dataCenters: (_, args, { db }) => dataCenterList(db, args),
  parkServices: (_, args, { db }) => parkServiceList(db, args),
  // The caller's scope is part of the list's own statement: placements out of it are left out, never refused.
  placedSystemIds: (_, __, { db, now }) => placedSystemIds(db, dayOfMoment(now)),
  placements: async (_, args, ctx) => placementList(ctx.db, dayOfMoment(ctx.now), placementScopeSql(await placementScope(ctx)), args),
};
