import type { Database } from '@cq/kit/database';
import { groupLoader, rowLoader } from '@cq/kit/loaders';
import type { Moment } from '@cq/kit/moment';
import { nestedPageLoader } from '@cq/kit/paging';
import { dayOfMoment } from '@cq/kit/time';
import { and, asc, eq, gt, inArray, not, type SQL, sql } from 'drizzle-orm';
import { inForceSql, recordedBy, recordedBySql, staleSql } from '../domain/rules.ts';
import { unitsAnswers } from './peers.ts';
import { contractCounts, contractPages, taskCounts, taskPages, tasksAt } from './queries.ts';
import type * as schema from './schema.ts';
import {
  type ContractRow,
  certifications,
  cloudServicePriceChanges,
  cloudServices,
  contingencyPlans,
  contractLines,
  contracts,
  type MigrationTaskRow,
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
  /** Tasks stale (true) or on time (false) at the moment; every task when null. */
  const staleness = (stale: boolean | null) => (stale == null ? undefined : stale ? staleSql(now) : not(staleSql(now) ?? sql`false`));
  let contractPagesOfVendor: ReturnType<typeof nestedPageLoader<string, ContractRow, null>> | undefined;
  let taskPagesOfVendor: ReturnType<typeof nestedPageLoader<string, MigrationTaskRow, boolean | null>> | undefined;
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
    /**
     * A page of each provider's contracts recorded by the moment's day, in id order, one statement for all
     * the providers of a request. `visible` is the caller's scope (policy.ts: contractScopeSql); a request
     * has one caller, so the scope first given is the request's.
     */
    contractPagesOfVendor: (visible: SQL | undefined) =>
      (contractPagesOfVendor ??= nestedPageLoader<string, ContractRow, null>({
        order: [contracts.id],
        rows: (ids, after, limit) => contractPages(db, ids, and(moment.asOf ? recordedBySql(day) : undefined, visible, after), limit),
        parentOf: (c) => c.vendorId,
        keyOf: (c) => [c.id],
        counts: (ids) => contractCounts(db, ids, and(moment.asOf ? recordedBySql(day) : undefined, visible)),
      })),
    /**
     * A page of each provider's migration tasks as they stood at the moment, in id order, stale or not as
     * asked (the filter), one statement for all the providers of a request. `visible` is the caller's scope
     * (policy.ts: taskScopeSql), the request's as for contracts.
     */
    taskPagesOfVendor: (visible: SQL | undefined) =>
      (taskPagesOfVendor ??= nestedPageLoader<string, MigrationTaskRow, boolean | null>({
        order: [migrationTasks.id],
        rows: (ids, after, limit, stale) => taskPages(db, moment, ids, and(staleness(stale), visible, after), limit),
        parentOf: (t) => t.vendorId,
        keyOf: (t) => [t.id],
        counts: (ids, stale) => taskCounts(db, moment, ids, and(staleness(stale), visible)),
      })),
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
