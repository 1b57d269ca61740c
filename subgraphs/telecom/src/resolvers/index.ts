import { Decimal, MAX_PAGE_SIZE } from '@cq/kit';
import { and, eq, isNotNull, isNull } from 'drizzle-orm';
import * as changes from '../changes.ts';
import { carriers, tariffs } from '../db/schema.ts';
import { chargeFor, totalOf } from '../pricing.ts';
import type { Context } from '../context.ts';
import type { UnitModel } from '../mappers.ts';
import type { Resolvers } from '../generated/resolvers.ts';

/** Each circuit's charge for a unit; its kind and whether it is migrating come from the units subgraph (@requires). */
async function chargesOf(unit: UnitModel, { loaders, now }: Context) {
  const circuits = await loaders.circuitsOfUnit.load(unit.id);
  const tariffOf = await Promise.all(circuits.map((c) => loaders.tariff.load(c.tariffId)));
  return circuits.map((c, i) => chargeFor(c, tariffOf[i]!, unit, now));
}

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
    circuit: (_, { id }, { loaders }) => loaders.circuit.load(id),
  },
  Mutation: {
    createTariff: (_, { input }, ctx) => changes.createTariff(ctx, input),
    createCircuit: (_, { input }, ctx) => changes.createCircuit(ctx, input),
    advanceCircuit: (_, { input }, ctx) => changes.advanceCircuit(ctx, input),
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
    eligibleUnitKinds: (t) => t.eligibleUnitKinds as never,
  },
  Circuit: {
    __resolveReference: (ref, { loaders }) => loaders.circuit.load(ref.id),
    unit: (c) => ({ id: c.unitId }),
    dataCenter: (c) => ({ id: c.dataCenterId }),
    tariff: async (c, _, { loaders }) => (await loaders.tariff.load(c.tariffId))!,
  },
  Unit: {
    circuits: (u, _, { loaders }) => loaders.circuitsOfUnit.load(u.id),
    circuitCharges: (u, _, ctx) => chargesOf(u, ctx),
    telecomMonthlyCostCny: async (u, _, ctx) => totalOf(await chargesOf(u, ctx)),
  },
  DataCenter: {
    carriers: async (d, _, { loaders }) => (await loaders.carriersOfDataCenter.load(d.id)).map((r) => r.carrier),
  },
};
