import { Decimal, GOVERNMENT_DESTINATIONS, MAX_PAGE_SIZE, sumCny } from '@cq/kit';
import { and, eq } from 'drizzle-orm';
import { capacityOf } from '../capacity.ts';
import * as changes from '../changes.ts';
import type { Context } from '../context.ts';
import { dataCenters, parkServices, type DataCenterRow } from '../db/schema.ts';
import type { Resolvers } from '../generated/resolvers.ts';

const capacity = async (dc: DataCenterRow, { loaders }: Context) => capacityOf(dc, await loaders.placedInDataCenter.load(dc.id));

/** The placements of a unit's systems: the system ids come from the units subgraph (@requires). */
const placementsOfUnit = async (systems: { id: string }[] | undefined, { loaders }: Context) =>
  (await Promise.all((systems ?? []).map((s) => loaders.placementOfSystem.load(s.id)))).filter((p) => p !== null);

export const resolvers: Resolvers = {
  Decimal,
  Query: {
    dataCenter: (_, { id }, { loaders }) => loaders.dataCenter.load(id),
    dataCenters: async (_, { kind, status }, { db }) =>
      await db
        .select()
        .from(dataCenters)
        .where(and(kind ? eq(dataCenters.kind, kind) : undefined, status ? eq(dataCenters.status, status) : undefined))
        .orderBy(dataCenters.id)
        .limit(MAX_PAGE_SIZE),
    parkServices: async (_, { kind }, { db }) =>
      await db.select().from(parkServices).where(kind ? eq(parkServices.kind, kind) : undefined).orderBy(parkServices.id).limit(MAX_PAGE_SIZE),
  },
  Mutation: {
    createDataCenter: (_, { input }, ctx) => changes.createDataCenter(ctx, input),
    updateDataCenter: (_, { input }, ctx) => changes.updateDataCenter(ctx, input),
    addParkService: (_, { input }, ctx) => changes.addParkService(ctx, input),
    placeSystem: (_, { input }, ctx) => changes.placeSystem(ctx, input),
    removePlacement: (_, { systemId }, ctx) => changes.removePlacement(ctx, systemId),
  },
  DataCenter: {
    __resolveReference: (ref, { loaders }) => loaders.dataCenter.load(ref.id),
    name: (d) => d.nameEn,
    officialName: (d) => d.nameZh,
    operator: (d) => (d.operatorVendorId ? { id: d.operatorVendorId } : null),
    racksUsed: async (d, _, ctx) => (await capacity(d, ctx)).racksUsed,
    racksFree: async (d, _, ctx) => (await capacity(d, ctx)).racksFree,
    rackUtilisation: async (d, _, ctx) => (await capacity(d, ctx)).rackUtilisation,
    powerUsedKw: async (d, _, ctx) => (await capacity(d, ctx)).powerUsedKw,
    powerFreeKw: async (d, _, ctx) => (await capacity(d, ctx)).powerFreeKw,
    powerUtilisation: async (d, _, ctx) => (await capacity(d, ctx)).powerUtilisation,
    placements: (d, _, { loaders }) => loaders.placementsOfDataCenter.load(d.id),
  },
  ParkService: {
    name: (s) => s.nameEn,
    officialName: (s) => s.nameZh,
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
    parkMonthlyCostCny: async (s, _, { loaders }) => (await loaders.placementOfSystem.load(s.id))?.monthlyFeeCny ?? '0.00',
    destinationCompliant: async (s, _, { loaders }) => {
      const placement = await loaders.placementOfSystem.load(s.id);
      if (!placement) return null;
      return !s.unit?.hasAdministrativeApproval || (Object.values(GOVERNMENT_DESTINATIONS) as string[]).includes(placement.dataCenterId);
    },
  },
  Unit: {
    placements: (u, _, ctx) => placementsOfUnit(u.systems, ctx),
    parkMonthlyCostCny: async (u, _, ctx) => sumCny((await placementsOfUnit(u.systems, ctx)).map((p) => p.monthlyFeeCny)),
  },
};
