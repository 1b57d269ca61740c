import type { Database } from '@cq/kit/database';
import { groupLoader, rowLoader } from '@cq/kit/loaders';
import type { Moment } from '@cq/kit/moment';
import { dayOfMoment } from '@cq/kit/time';
import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import { inForceSql, recordedBy } from '../domain/rules.ts';
import { unitsAnswers } from './peers.ts';
import { tasksAt } from './queries.ts';
import type * as schema from './schema.ts';
import {
  type ContractRow,
  certifications,
  cloudServicePriceChanges,
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

/**
 * Fresh for every request; each batch is one SQL statement. Everything reads at the request's moment
 * (kit: moment.ts): contracts recorded by its day with their status then, the lines of those in force,
 * catalogue prices then, tasks as last reported by then. Now, the rows themselves answer.
 */
export function createLoaders(db: Db, moment: Moment) {
  const now = moment.at;
  const day = dayOfMoment(now);
  /** Contracts not yet recorded at a moment asked for are left out (rules.ts: recordedBy). */
  const recorded = <C extends Pick<ContractRow, 'signedOn'>>(rows: C[]) => (moment.asOf ? rows.filter((c) => recordedBy(c, day)) : rows);
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
        recorded(
          await db
            .select()
            .from(contracts)
            .where(inArray(contracts.id, [...ids])),
        ),
      (c) => c.id,
    ),
    /** A catalogue price at a moment asked for, where it changed since: the price before the first change after it. */
    priceBefore: rowLoader(
      async (ids: readonly string[]) =>
        await db
          .selectDistinctOn([cloudServicePriceChanges.cloudServiceId], {
            cloudServiceId: cloudServicePriceChanges.cloudServiceId,
            priceCny: cloudServicePriceChanges.priceBeforeCny,
          })
          .from(cloudServicePriceChanges)
          .where(and(inArray(cloudServicePriceChanges.cloudServiceId, [...ids]), gt(cloudServicePriceChanges.changedAt, now)))
          .orderBy(cloudServicePriceChanges.cloudServiceId, asc(cloudServicePriceChanges.changedAt), asc(cloudServicePriceChanges.id)),
      (r) => r.cloudServiceId,
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
        recorded(
          await db
            .select()
            .from(contracts)
            .where(inArray(contracts.vendorId, [...ids]))
            .orderBy(contracts.id),
        ),
      (c) => c.vendorId,
    ),
    contractsOfUnit: groupLoader(
      async (ids: readonly string[]) =>
        recorded(
          await db
            .select()
            .from(contracts)
            .where(inArray(contracts.unitId, [...ids]))
            .orderBy(contracts.id),
        ),
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
        moment.asOf
          ? await tasksAt(db, now, inArray(migrationTasks.vendorId, [...ids]))
          : await db
              .select()
              .from(migrationTasks)
              .where(inArray(migrationTasks.vendorId, [...ids]))
              .orderBy(migrationTasks.id),
      (t) => t.vendorId,
    ),
    taskOfSystem: rowLoader(
      async (ids: readonly string[]) =>
        moment.asOf
          ? await tasksAt(db, now, inArray(migrationTasks.systemId, [...ids]))
          : await db
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
