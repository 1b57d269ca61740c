import { dateOf, Decimal, iso, MAX_PAGE_SIZE, nameContains, sumCny } from '@cq/kit';
import { and, eq, lt, ne } from 'drizzle-orm';
import * as changes from '../changes.ts';
import { cloudServices, migrationTasks, vendors } from '../db/schema.ts';
import type { Resolvers } from '../generated/resolvers.ts';
import { isStale } from '../rules.ts';

const ZERO = '0.00';

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
    cloudServices: async (_, { vendorId, serviceModel, inProcurementCatalogue }, { db }) =>
      await db
        .select()
        .from(cloudServices)
        .where(
          and(
            vendorId ? eq(cloudServices.vendorId, vendorId) : undefined,
            serviceModel ? eq(cloudServices.serviceModel, serviceModel) : undefined,
            inProcurementCatalogue != null ? eq(cloudServices.inProcurementCatalogue, inProcurementCatalogue) : undefined,
          ),
        )
        .orderBy(cloudServices.id)
        .limit(MAX_PAGE_SIZE),
    contract: (_, { id }, { loaders }) => loaders.contract.load(id),
    // Stale: not done, and the day the next report was due has ended in Asia/Shanghai (see isStale).
    staleMigrationTasks: async (_, __, { db, now }) =>
      await db
        .select()
        .from(migrationTasks)
        .where(and(ne(migrationTasks.status, 'DONE'), lt(migrationTasks.nextUpdateDue, dateOf(now))))
        .orderBy(migrationTasks.id)
        .limit(MAX_PAGE_SIZE),
  },
  Mutation: {
    createCloudService: (_, { input }, ctx) => changes.createCloudService(ctx, input),
    updateCloudService: (_, { input }, ctx) => changes.updateCloudService(ctx, input),
    createContract: (_, { input }, ctx) => changes.createContract(ctx, input),
    setContractStatus: (_, { input }, ctx) => changes.setContractStatus(ctx, input),
    reportTaskProgress: (_, { input }, ctx) => changes.reportTaskProgress(ctx, input),
  },
  Vendor: {
    __resolveReference: (ref, { loaders }) => loaders.vendor.load(ref.id),
    name: (v) => v.nameEn,
    officialName: (v) => v.nameZh,
    services: (v, _, { loaders }) => loaders.servicesOfVendor.load(v.id),
    contracts: (v, _, { loaders }) => loaders.contractsOfVendor.load(v.id),
    certifications: (v, _, { loaders }) => loaders.certificationsOfVendor.load(v.id),
    contingencyPlans: (v, _, { loaders }) => loaders.contingencyPlansOfVendor.load(v.id),
    serviceLevel: (v, _, { loaders }) => loaders.serviceLevel.load(v.id),
    migrationTasks: async (v, { stale }, { loaders, now }) =>
      (await loaders.tasksOfVendor.load(v.id)).filter((t) => stale == null || isStale(t, now) === stale),
  },
  Certification: {
    isValid: (c, _, { now }) => dateOf(now) <= c.validUntil,
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
    lines: (c, _, { loaders }) => loaders.linesOfContract.load(c.id),
    monthlyAmountCny: async (c, _, { loaders }) => sumCny((await loaders.linesOfContract.load(c.id)).map((l) => l.monthlyAmountCny)),
  },
  ContractLine: {
    service: async (l, _, { loaders }) => (await loaders.cloudService.load(l.cloudServiceId))!,
    system: (l) => (l.systemId ? { id: l.systemId } : null),
  },
  MigrationTask: {
    id: (t) => String(t.id),
    system: (t) => ({ id: t.systemId }),
    vendor: async (t, _, { loaders }) => (await loaders.vendor.load(t.vendorId))!,
    updatedAt: (t) => iso(t.updatedAt),
    isStale: (t, _, { now }) => isStale(t, now),
  },
  Unit: {
    contracts: (u, _, { loaders }) => loaders.contractsOfUnit.load(u.id),
    cloudMonthlyCostCny: async (u, _, { loaders }) => (await loaders.cloudCostOfUnit.load(u.id))?.total ?? ZERO,
  },
  InformationSystem: {
    migrationTask: (s, _, { loaders }) => loaders.taskOfSystem.load(s.id),
    cloudMonthlyCostCny: async (s, _, { loaders }) => (await loaders.cloudCostOfSystem.load(s.id))?.total ?? ZERO,
  },
};
