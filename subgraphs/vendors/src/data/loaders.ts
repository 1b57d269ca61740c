import type { Database } from '@cq/kit/database';
import { groupLoader, rowLoader } from '@cq/kit/loaders';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { inForceSql } from '../domain/rules.ts';
import { unitsAnswers } from './peers.ts';
import type * as schema from './schema.ts';
import {
  certifications,
  cloudServices,
  contingencyPlans,
  contractLines,
  contracts,
  migrationTasks,
  serviceLevels,
  vendors,
} from './schema.ts';

type Db = Database<typeof schema>;

/** Monthly amounts of the lines of contracts in force now (rules.ts: inForce), summed exactly in SQL by a key column. */
const activeSpend = (db: Db, key: typeof contracts.unitId | typeof contractLines.systemId, ids: readonly string[], now: Date) =>
  db
    .select({ key: sql<string>`${key}`, total: sql<string>`sum(${contractLines.monthlyAmountCny})::numeric(18, 2)::text` })
    .from(contractLines)
    .innerJoin(contracts, eq(contracts.id, contractLines.contractId))
    .where(and(inForceSql(now), inArray(key, [...ids])))
    .groupBy(key);

/** Fresh for every request; each batch is one SQL statement. */
export function createLoaders(db: Db, now: Date) {
  return {
    vendor: rowLoader(
      async (ids: readonly string[]) =>
        await db
          .select()
          .from(vendors)
          .where(inArray(vendors.id, [...ids])),
      (v) => v.id,
    ),
    cloudService: rowLoader(
      async (ids: readonly string[]) =>
        await db
          .select()
          .from(cloudServices)
          .where(inArray(cloudServices.id, [...ids])),
      (s) => s.id,
    ),
    contract: rowLoader(
      async (ids: readonly string[]) =>
        await db
          .select()
          .from(contracts)
          .where(inArray(contracts.id, [...ids])),
      (c) => c.id,
    ),
    servicesOfVendor: groupLoader(
      async (ids: readonly string[]) =>
        await db
          .select()
          .from(cloudServices)
          .where(inArray(cloudServices.vendorId, [...ids]))
          .orderBy(cloudServices.id),
      (s) => s.vendorId,
    ),
    contractsOfVendor: groupLoader(
      async (ids: readonly string[]) =>
        await db
          .select()
          .from(contracts)
          .where(inArray(contracts.vendorId, [...ids]))
          .orderBy(contracts.id),
      (c) => c.vendorId,
    ),
    contractsOfUnit: groupLoader(
      async (ids: readonly string[]) =>
        await db
          .select()
          .from(contracts)
          .where(inArray(contracts.unitId, [...ids]))
          .orderBy(contracts.id),
      (c) => c.unitId,
    ),
    linesOfContract: groupLoader(
      async (ids: readonly string[]) =>
        await db
          .select()
          .from(contractLines)
          .where(inArray(contractLines.contractId, [...ids]))
          .orderBy(contractLines.id),
      (l) => l.contractId,
    ),
    certificationsOfVendor: groupLoader(
      async (ids: readonly string[]) =>
        await db
          .select()
          .from(certifications)
          .where(inArray(certifications.vendorId, [...ids]))
          .orderBy(certifications.id),
      (c) => c.vendorId,
    ),
    contingencyPlansOfVendor: groupLoader(
      async (ids: readonly string[]) =>
        await db
          .select()
          .from(contingencyPlans)
          .where(inArray(contingencyPlans.vendorId, [...ids]))
          .orderBy(contingencyPlans.id),
      (p) => p.vendorId,
    ),
    serviceLevel: rowLoader(
      async (ids: readonly string[]) =>
        await db
          .select()
          .from(serviceLevels)
          .where(inArray(serviceLevels.vendorId, [...ids])),
      (s) => s.vendorId,
    ),
    tasksOfVendor: groupLoader(
      async (ids: readonly string[]) =>
        await db
          .select()
          .from(migrationTasks)
          .where(inArray(migrationTasks.vendorId, [...ids]))
          .orderBy(migrationTasks.id),
      (t) => t.vendorId,
    ),
    taskOfSystem: rowLoader(
      async (ids: readonly string[]) =>
        await db
          .select()
          .from(migrationTasks)
          .where(inArray(migrationTasks.systemId, [...ids])),
      (t) => t.systemId,
    ),
    cloudCostOfUnit: rowLoader(
      async (ids: readonly string[]) => await activeSpend(db, contracts.unitId, ids, now),
      (r) => r.key,
    ),
    cloudCostOfSystem: rowLoader(
      async (ids: readonly string[]) => await activeSpend(db, contractLines.systemId, ids, now),
      (r) => r.key,
    ),
    /** What the units subgraph answers the policy in this request: a coordinator's subtree, whose systems are. */
    units: unitsAnswers(),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
