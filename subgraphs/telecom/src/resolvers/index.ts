import { Decimal, MAX_PAGE_SIZE } from '@cq/kit';
import { and, eq, isNotNull, isNull } from 'drizzle-orm';
import { carriers, tariffs } from '../db/schema.ts';
import type { Resolvers } from '../generated/resolvers.ts';

export const resolvers: Resolvers = {
  Decimal,
  Query: {
    carriers: async (_, __, { db }) => await db.select().from(carriers).orderBy(carriers.id).limit(MAX_PAGE_SIZE),
    carrier: (_, { id }, { loaders }) => loaders.carrier.load(id),
    tariffs: async (_, { carrierId, preferential }, { db }) =>
      await db
        .select()
        .from(tariffs)
        .where(
          and(
            carrierId ? eq(tariffs.carrierId, carrierId) : undefined,
            preferential == null ? undefined : preferential ? isNotNull(tariffs.preferentialMonthlyPriceCny) : isNull(tariffs.preferentialMonthlyPriceCny),
          ),
        )
        .orderBy(tariffs.id)
        .limit(MAX_PAGE_SIZE),
    tariff: (_, { id }, { loaders }) => loaders.tariff.load(id),
  },
  Carrier: {
    __resolveReference: (ref, { loaders }) => loaders.carrier.load(ref.id),
    name: (c) => c.nameEn,
    officialName: (c) => c.nameZh,
    tariffs: (c, _, { loaders }) => loaders.tariffsOfCarrier.load(c.id),
  },
  Tariff: {
    __resolveReference: (ref, { loaders }) => loaders.tariff.load(ref.id),
    carrier: async (t, _, { loaders }) => (await loaders.carrier.load(t.carrierId))!,
  },
  Circuit: {
    __resolveReference: (ref, { loaders }) => loaders.circuit.load(ref.id),
    unit: (c) => ({ id: c.unitId }),
    dataCenter: (c) => ({ id: c.dataCenterId }),
    tariff: async (c, _, { loaders }) => (await loaders.tariff.load(c.tariffId))!,
  },
  Unit: {
    circuits: (u, _, { loaders }) => loaders.circuitsOfUnit.load(u.id),
  },
  DataCenter: {
    carriers: async (d, _, { loaders }) => (await loaders.carriersOfDataCenter.load(d.id)).map((r) => r.carrier),
  },
};
