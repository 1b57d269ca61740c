/** The carriers' lists: short, filtered, capped at the kit's page size; and the statements loaders and commands share. */
import { countOf, type Database } from '@cq/kit/database';
import { keysetPage, MAX_PAGE_SIZE, type PageArgs } from '@cq/kit/paging';
import { and, count, eq, getTableColumns, isNotNull, isNull, type SQL, sql } from 'drizzle-orm';
import { circuitStatusSql } from '../domain/rules.ts';
import type { CircuitFilter, QueryTariffsArgs } from '../generated/resolvers.ts';
import type { CircuitModel } from '../mappers.ts';
import type * as schema from './schema.ts';
import { carriers, circuits, tariffs } from './schema.ts';

type Db = Database<typeof schema>;

export const carrierList = async (db: Db) => await db.select().from(carriers).orderBy(carriers.id).limit(MAX_PAGE_SIZE);

export const tariffList = async (db: Db, { carrierId, preferential }: Partial<QueryTariffsArgs>) =>
  await db
    .select()
    .from(tariffs)
    .where(
      and(
        carrierId ? eq(tariffs.carrierId, carrierId) : undefined,
        preferential == null
          ? undefined
          : preferential
            ? isNotNull(tariffs.preferentialMonthlyPriceCny)
            : isNull(tariffs.preferentialMonthlyPriceCny),
      ),
    )
    .orderBy(tariffs.id)
    .limit(MAX_PAGE_SIZE);

/**
 * Circuits with the carrier that provides each (its tariff's), in one join: whose circuit it is decides
 * who sees it and who moves it on (domain/policy.ts). Callers add their own condition.
 */
export const circuitsWithCarrier = (db: Db) =>
  db
    .select({ ...getTableColumns(circuits), carrierId: tariffs.carrierId })
    .from(circuits)
    .innerJoin(tariffs, eq(tariffs.id, circuits.tariffId));

/**
 * The programme's circuits a page at a time in id order (`Query.circuits`), as they stood on a day (the
 * request's moment's): ordered by then, each in the status it had reached (rules.ts: circuitStatusSql);
 * in the caller's scope (`visible`, policy.ts: circuitListScopeSql) and meeting the filter. Two
 * statements: the page, and the count when asked for.
 */
export function circuitList(
  db: Db,
  day: string,
  visible: SQL | undefined,
  { filter, ...page }: PageArgs & { filter?: CircuitFilter | null },
) {
  const statusThen = circuitStatusSql(day);
  const where = and(
    sql`${statusThen} is not null`,
    visible,
    filter?.carrierId ? eq(tariffs.carrierId, filter.carrierId) : undefined,
    filter?.unitId ? eq(circuits.unitId, filter.unitId) : undefined,
    filter?.dataCenterId ? eq(circuits.dataCenterId, filter.dataCenterId) : undefined,
    filter?.tariffId ? eq(circuits.tariffId, filter.tariffId) : undefined,
    filter?.status ? sql`${statusThen} = ${filter.status}` : undefined,
  );
  const order = [circuits.id];
  return keysetPage<CircuitModel>(
    page,
    order,
    async (after, limit) =>
      (
        await db
          .select({ ...getTableColumns(circuits), carrierId: tariffs.carrierId, statusThen })
          .from(circuits)
          .innerJoin(tariffs, eq(tariffs.id, circuits.tariffId))
          .where(and(where, after))
          .orderBy(...order)
          .limit(limit)
      ).map(({ statusThen, ...circuit }) => ({ ...circuit, status: statusThen ?? circuit.status })),
    (c) => [c.id],
    async () => countOf(await db.select({ n: count() }).from(circuits).innerJoin(tariffs, eq(tariffs.id, circuits.tariffId)).where(where)),
  );
}
