/** The carriers' lists: short, filtered, capped at the kit's page size; and the statements loaders and commands share. */
import type { Database } from '@cq/kit/database';
import { MAX_PAGE_SIZE } from '@cq/kit/paging';
import { and, eq, getTableColumns, isNotNull, isNull } from 'drizzle-orm';
import type { QueryTariffsArgs } from '../generated/resolvers.ts';
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
