import { boolean, date, index, integer, numeric, pgEnum, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';

export const circuitStatus = pgEnum('circuit_status', ['PLANNED', 'PROVISIONING', 'ACTIVE', 'DECOMMISSIONED']);

const cny = (name: string) => numeric(name, { precision: 14, scale: 2 });

export const carriers = pgTable('carriers', {
  id: text('id').primaryKey(),
  nameEn: text('name_en').notNull(),
  nameZh: text('name_zh').notNull(),
});

export const tariffs = pgTable(
  'tariffs',
  {
    id: text('id').primaryKey(),
    carrierId: text('carrier_id')
      .notNull()
      .references(() => carriers.id),
    product: text('product').notNull(),
    bandwidthMbps: integer('bandwidth_mbps').notNull(),
    standardMonthlyPriceCny: cny('standard_monthly_price_cny').notNull(),
    /** §6.5: the carrier's preferential price for migrating units; null when the tariff has none. */
    preferentialMonthlyPriceCny: cny('preferential_monthly_price_cny'),
    oneTimeChargeCny: cny('one_time_charge_cny').notNull().default('0'),
    commitmentMonths: integer('commitment_months').notNull().default(0),
    /** Unit kinds the preferential price is for (UnitKind values of the units subgraph); empty: every kind. */
    eligibleUnitKinds: text('eligible_unit_kinds').array().notNull().default([]),
    /** The days (Asia/Shanghai) the preferential price applies; outside them the standard price does. */
    validFrom: date('valid_from').notNull(),
    validUntil: date('valid_until'),
    isSample: boolean('is_sample').notNull().default(true),
  },
  (t) => [index('tariffs_carrier_idx').on(t.carrierId)],
);

/** Carriers' points of presence in park data centres (data centre ids of the park subgraph). */
export const pointsOfPresence = pgTable(
  'points_of_presence',
  {
    carrierId: text('carrier_id')
      .notNull()
      .references(() => carriers.id),
    dataCenterId: text('data_center_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.dataCenterId, t.carrierId] })],
);

export const circuits = pgTable(
  'circuits',
  {
    id: text('id').primaryKey(),
    /** A unit of the units subgraph, referenced by id only. */
    unitId: text('unit_id').notNull(),
    /** A data centre of the park subgraph, referenced by id only. */
    dataCenterId: text('data_center_id').notNull(),
    tariffId: text('tariff_id')
      .notNull()
      .references(() => tariffs.id),
    bandwidthMbps: integer('bandwidth_mbps').notNull(),
    /** The status today; the status on any other day follows from the days below (rules.ts: circuitStatusOn). */
    status: circuitStatus('status').notNull(),
    /**
     * The day (Asia/Shanghai) each status was reached; null for one not reached yet, or reached before the
     * day was kept (it then counts as reached since before the programme).
     */
    orderedOn: date('ordered_on'),
    provisioningOn: date('provisioning_on'),
    activeOn: date('active_on'),
    decommissionedOn: date('decommissioned_on'),
    isSample: boolean('is_sample').notNull().default(true),
  },
  (t) => [index('circuits_unit_idx').on(t.unitId)],
);

export type CarrierRow = typeof carriers.$inferSelect;
export type TariffRow = typeof tariffs.$inferSelect;
export type CircuitRow = typeof circuits.$inferSelect;
