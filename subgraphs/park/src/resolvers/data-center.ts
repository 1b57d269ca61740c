import { dayOfMoment } from '@cq/kit/time';
import type { Context } from '../context.ts';
import type { DataCenterRow } from '../data/schema.ts';
import { placementScope, placementScopeSql, visibleInDataCenter } from '../domain/policy.ts';
import { capacityOf, isOpenOn } from '../domain/rules.ts';
import type { DataCenterResolvers } from '../generated/resolvers.ts';

const capacity = async (dc: DataCenterRow, { loaders }: Context) => capacityOf(dc, await loaders.placedInDataCenter.load(dc.id));

export const DataCenter: DataCenterResolvers = {
  __resolveReference: (ref, { loaders }) => loaders.dataCenter.load(ref.id),
  name: (d) => d.nameEn,
  officialName: (d) => d.nameZh,
  operator: (d) => (d.operatorVendorId ? { id: d.operatorVendorId } : null),
  isOpen: (d, _, { now }) => isOpenOn(d, dayOfMoment(now)),
  racksUsed: async (d, _, ctx) => (await capacity(d, ctx)).racksUsed,
  racksFree: async (d, _, ctx) => (await capacity(d, ctx)).racksFree,
  rackUtilisation: async (d, _, ctx) => (await capacity(d, ctx)).rackUtilisation,
  powerUsedKw: async (d, _, ctx) => (await capacity(d, ctx)).powerUsedKw,
  powerFreeKw: async (d, _, ctx) => (await capacity(d, ctx)).powerFreeKw,
  powerUtilisation: async (d, _, ctx) => (await capacity(d, ctx)).powerUtilisation,
  // Capacity counts every placement; the list shows only those the caller may see.
  placements: async (d, _, ctx) => visibleInDataCenter(ctx, d, await ctx.loaders.placementsOfDataCenter.load(d.id)),
  placementsPage: async (d, page, ctx) =>
    ctx.loaders.placementPagesOfDataCenter(placementScopeSql(await placementScope(ctx))).load(d.id, page, null),
};
