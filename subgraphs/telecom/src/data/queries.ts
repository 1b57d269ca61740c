/** The carriers' lists: short, filtered, capped at the kit's page size. */
import type { Database } from '@cq/kit/database';
import { MAX_PAGE_SIZE } from '@cq/kit/paging';
import { and, eq, isNotNull, isNull } from 'drizzle-orm';
import type { QueryTariffsArgs } from '../generated/resolvers.ts';
import type * as schema from './schema.ts';
import { carriers, tariffs } from './schema.ts';

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
