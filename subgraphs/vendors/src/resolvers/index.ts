import { Decimal, MAX_PAGE_SIZE, nameContains } from '@cq/kit';
import { and, eq } from 'drizzle-orm';
import { cloudServices, vendors } from '../db/schema.ts';
import type { Resolvers } from '../generated/resolvers.ts';

export const resolvers: Resolvers = {
  Decimal,
  Query: {
    vendor: (_, { id }, { loaders }) => loaders.vendor.load(id),
    vendors: async (_, { search, isSample }, { db }) =>
      await db
        .select()
        .from(vendors)
        .where(and(search ? nameContains(search, [vendors.nameEn, vendors.nameZh]) : undefined, isSample != null ? eq(vendors.isSample, isSample) : undefined))
        .orderBy(vendors.id)
        .limit(MAX_PAGE_SIZE),
    cloudService: (_, { id }, { loaders }) => loaders.cloudService.load(id),
    cloudServices: async (_, { vendorId, serviceModel }, { db }) =>
      await db
        .select()
        .from(cloudServices)
        .where(and(vendorId ? eq(cloudServices.vendorId, vendorId) : undefined, serviceModel ? eq(cloudServices.serviceModel, serviceModel) : undefined))
        .orderBy(cloudServices.id)
        .limit(MAX_PAGE_SIZE),
  },
  Vendor: {
    __resolveReference: (ref, { loaders }) => loaders.vendor.load(ref.id),
    name: (v) => v.nameEn,
    officialName: (v) => v.nameZh,
    services: (v, _, { loaders }) => loaders.servicesOfVendor.load(v.id),
    contracts: (v, _, { loaders }) => loaders.contractsOfVendor.load(v.id),
  },
  CloudService: {
    __resolveReference: (ref, { loaders }) => loaders.cloudService.load(ref.id),
    name: (s) => s.nameEn,
    officialName: (s) => s.nameZh,
    vendor: async (s, _, { loaders }) => (await loaders.vendor.load(s.vendorId))!,
  },
  Contract: {
    __resolveReference: (ref, { loaders }) => loaders.contract.load(ref.id),
    unit: (c) => ({ id: c.unitId }),
    vendor: async (c, _, { loaders }) => (await loaders.vendor.load(c.vendorId))!,
  },
  Unit: {
    contracts: (u, _, { loaders }) => loaders.contractsOfUnit.load(u.id),
  },
};
