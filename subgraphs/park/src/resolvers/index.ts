import { Decimal, MAX_PAGE_SIZE } from '@cq/kit';
import { eq } from 'drizzle-orm';
import { dataCenters } from '../db/schema.ts';
import type { Context } from '../context.ts';
import type { DataCenterRow } from '../db/schema.ts';
import type { Resolvers } from '../generated/resolvers.ts';

/** Racks taken: by tenants outside the programme plus the programme's placements. */
async function racksUsed(dc: DataCenterRow, { loaders }: Context): Promise<number> {
  const placed = await loaders.placementsOfDataCenter.load(dc.id);
  return dc.racksInOtherUse + placed.reduce((sum, p) => sum + p.racks, 0);
}

export const resolvers: Resolvers = {
  Decimal,
  Query: {
    dataCenter: (_, { id }, { loaders }) => loaders.dataCenter.load(id),
    dataCenters: async (_, { kind }, { db }) =>
      await db
        .select()
        .from(dataCenters)
        .where(kind ? eq(dataCenters.kind, kind) : undefined)
        .orderBy(dataCenters.id)
        .limit(MAX_PAGE_SIZE),
  },
  DataCenter: {
    __resolveReference: (ref, { loaders }) => loaders.dataCenter.load(ref.id),
    name: (d) => d.nameEn,
    officialName: (d) => d.nameZh,
    operator: (d) => (d.operatorVendorId ? { id: d.operatorVendorId } : null),
    racksUsed: (d, _, ctx) => racksUsed(d, ctx),
    rackUtilisation: async (d, _, ctx) => (d.racksTotal ? (await racksUsed(d, ctx)) / d.racksTotal : 0),
    placements: (d, _, { loaders }) => loaders.placementsOfDataCenter.load(d.id),
  },
  Placement: {
    __resolveReference: (ref, { loaders }) => loaders.placement.load(ref.id),
    system: (p) => ({ id: p.systemId }),
    dataCenter: async (p, _, { loaders }) => (await loaders.dataCenter.load(p.dataCenterId))!,
  },
  Vendor: {
    dataCenters: (v, _, { loaders }) => loaders.dataCentersOfOperator.load(v.id),
  },
  InformationSystem: {
    placement: (s, _, { loaders }) => loaders.placementOfSystem.load(s.id),
    dataCenter: async (s, _, { loaders }) => {
      const placement = await loaders.placementOfSystem.load(s.id);
      return placement ? loaders.dataCenter.load(placement.dataCenterId) : null;
    },
  },
};
