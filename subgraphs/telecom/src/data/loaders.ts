import type { Database } from '@cq/kit/database';
import { groupLoader, rowLoader } from '@cq/kit/loaders';
import type { Moment } from '@cq/kit/moment';
import { dayOfMoment } from '@cq/kit/time';
import { eq, inArray } from 'drizzle-orm';
import { circuitStatusOn } from '../domain/rules.ts';
import { circuitsWithCarrier } from './queries.ts';
import type * as schema from './schema.ts';
import { type CircuitRow, carriers, circuits, pointsOfPresence, tariffs } from './schema.ts';

/**
 * Fresh for every request; each batch is one SQL statement. Circuits are read as they stood on the day of
 * the request's moment (kit: moment.ts): in the status they had reached then (rules.ts: circuitStatusOn),
 * and left out before they were ordered.
 */
export function createLoaders(db: Database<typeof schema>, moment: Moment) {
  const day = dayOfMoment(moment.at);
  const asTheyStood = <C extends CircuitRow>(rows: C[]): C[] =>
    rows.flatMap((c) => {
      const status = circuitStatusOn(c, day);
      return status ? [{ ...c, status }] : [];
    });
  return {
    carrier: rowLoader(
      async (ids: readonly string[]) =>
        await db
          .select()
          .from(carriers)
          .where(inArray(carriers.id, [...ids])),
      (c) => c.id,
    ),
    tariff: rowLoader(
      async (ids: readonly string[]) =>
        await db
          .select()
          .from(tariffs)
          .where(inArray(tariffs.id, [...ids])),
      (t) => t.id,
    ),
    /** Circuits by id, each with its carrier (policy.ts decides who sees which). */
    circuit: rowLoader(
      async (ids: readonly string[]) => asTheyStood(await circuitsWithCarrier(db).where(inArray(circuits.id, [...ids]))),
      (c) => c.id,
    ),
    tariffsOfCarrier: groupLoader(
      async (ids: readonly string[]) =>
        await db
          .select()
          .from(tariffs)
          .where(inArray(tariffs.carrierId, [...ids]))
          .orderBy(tariffs.id),
      (t) => t.carrierId,
    ),
    /** Each unit's circuits with their carriers, in id order (policy.ts filters them for the viewer). */
    circuitsOfUnit: groupLoader(
      async (ids: readonly string[]) =>
        asTheyStood(
          await circuitsWithCarrier(db)
            .where(inArray(circuits.unitId, [...ids]))
            .orderBy(circuits.id),
        ),
      (c) => c.unitId,
    ),
    /** The carriers present in each data centre: one join for all the data centres asked about. */
    carriersOfDataCenter: groupLoader(
      async (ids: readonly string[]) =>
        await db
          .select({ dataCenterId: pointsOfPresence.dataCenterId, carrier: carriers })
          .from(pointsOfPresence)
          .innerJoin(carriers, eq(carriers.id, pointsOfPresence.carrierId))
          .where(inArray(pointsOfPresence.dataCenterId, [...ids]))
          .orderBy(carriers.id),
      (r) => r.dataCenterId,
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
