import { boolean, date, index, integer, numeric, pgEnum, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';

export const dataCenterKind = pgEnum('data_center_kind', ['TRANSITIONAL_GOVERNMENT_DATA_CENTER', 'GOVERNMENT_CLOUD_PLATFORM', 'PARK_DATA_CENTER']);

export const dataCenters = pgTable('data_centers', {
  id: text('id').primaryKey(),
  nameEn: text('name_en').notNull(),
  nameZh: text('name_zh').notNull(),
  kind: dataCenterKind('kind').notNull(),
  /** A vendor of the vendors subgraph, referenced by id only. */
  operatorVendorId: text('operator_vendor_id'),
  racksTotal: integer('racks_total').notNull(),
  /** Racks taken by tenants outside the programme; the programme's own come from placements. */
  racksInOtherUse: integer('racks_in_other_use').notNull().default(0),
  isSample: boolean('is_sample').notNull().default(false),
});

export const placements = pgTable(
  'placements',
  {
    id: text('id').primaryKey(),
    /** An information system of the units subgraph, referenced by id only; placed once at most. */
    systemId: text('system_id').notNull(),
    dataCenterId: text('data_center_id')
      .notNull()
      .references(() => dataCenters.id),
    racks: integer('racks').notNull(),
    monthlyFeeCny: numeric('monthly_fee_cny', { precision: 14, scale: 2 }).notNull(),
    since: date('since').notNull(),
  },
  (t) => [uniqueIndex('placements_system_idx').on(t.systemId), index('placements_data_center_idx').on(t.dataCenterId)],
);

export type DataCenterRow = typeof dataCenters.$inferSelect;
export type PlacementRow = typeof placements.$inferSelect;
