import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, numeric, pgEnum, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';

export const dataCenterKind = pgEnum('data_center_kind', [
  'TRANSITIONAL_GOVERNMENT_DATA_CENTER',
  'GOVERNMENT_CLOUD_PLATFORM',
  'PARK_DATA_CENTER',
]);
export const dataCenterStatus = pgEnum('data_center_status', ['PLANNED', 'OPERATIONAL', 'CLOSED']);
export const parkServiceKind = pgEnum('park_service_kind', [
  'COMMUNICATION_NETWORK',
  'POWER_SUPPLY',
  'COMPREHENSIVE_SERVICES',
  'LIVING_SUPPORT',
]);

const cny = (name: string) => numeric(name, { precision: 14, scale: 2 });
const kw = (name: string) => numeric(name, { precision: 10, scale: 1 });

export const dataCenters = pgTable('data_centers', {
  id: text('id').primaryKey(),
  nameEn: text('name_en').notNull(),
  nameZh: text('name_zh').notNull(),
  kind: dataCenterKind('kind').notNull(),
  status: dataCenterStatus('status').notNull().default('OPERATIONAL'),
  /** A vendor of the vendors subgraph, referenced by id only. */
  operatorVendorId: text('operator_vendor_id'),
  tier: integer('tier').notNull(),
  pue: numeric('pue', { precision: 4, scale: 2 }).notNull(),
  racksTotal: integer('racks_total').notNull(),
  /** Racks taken by tenants outside the programme; the programme's own come from placements. */
  racksInOtherUse: integer('racks_in_other_use').notNull().default(0),
  powerCapacityKw: kw('power_capacity_kw').notNull(),
  powerInOtherUseKw: kw('power_in_other_use_kw').notNull().default('0'),
  /**
   * The day it opens (Asia/Shanghai): until then government departments' systems go to the transitional
   * government data centre (§4). Null: open since before the programme.
   */
  opensOn: date('opens_on'),
  isSample: boolean('is_sample').notNull().default(false),
});

/** §6.5: what the park provides besides space: network, power, comprehensive services, living support. */
export const parkServices = pgTable('park_services', {
  id: text('id').primaryKey(),
  kind: parkServiceKind('kind').notNull(),
  nameEn: text('name_en').notNull(),
  nameZh: text('name_zh').notNull(),
  provider: text('provider').notNull(),
  description: text('description').notNull(),
  unitOfSale: text('unit_of_sale').notNull(),
  monthlyPriceCny: cny('monthly_price_cny').notNull(),
  isSample: boolean('is_sample').notNull().default(true),
});

/**
 * Systems' places in data centres, kept as history: a placement holds from `since` until `until` (the day
 * it was taken out), so the park can be read as it stood on any day. A system has one current placement
 * (`until` null) at most.
 */
export const placements = pgTable(
  'placements',
  {
    id: text('id').primaryKey(),
    /** An information system of the units subgraph, referenced by id only; in one data centre at a time. */
    systemId: text('system_id').notNull(),
    /**
     * The unit whose system it is, as the units subgraph said when the system was placed: the tenant the
     * access policy scopes placements by. Null only for placements made before the park recorded it.
     */
    unitId: text('unit_id'),
    dataCenterId: text('data_center_id')
      .notNull()
      .references(() => dataCenters.id),
    racks: integer('racks').notNull(),
    powerKw: kw('power_kw').notNull(),
    monthlyFeeCny: cny('monthly_fee_cny').notNull(),
    /** The first day in the data centre (Asia/Shanghai). */
    since: date('since').notNull(),
    /** The day it was taken out (Asia/Shanghai): from this day on it is no longer there. Null while it is. */
    until: date('until'),
  },
  (t) => [
    uniqueIndex('placements_current_system_idx').on(t.systemId).where(sql`${t.until} is null`),
    check('placements_until_not_before_since', sql`${t.until} is null or ${t.until} >= ${t.since}`),
    // A data centre's placements in id order: a page of each is read straight off the index (queries.ts: placementPages).
    index('placements_data_center_idx').on(t.dataCenterId, t.id),
    index('placements_unit_idx').on(t.unitId),
  ],
);

export type DataCenterRow = typeof dataCenters.$inferSelect;
export type ParkServiceRow = typeof parkServices.$inferSelect;
export type PlacementRow = typeof placements.$inferSelect;
