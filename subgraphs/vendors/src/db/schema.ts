import { boolean, date, index, numeric, pgEnum, pgTable, text } from 'drizzle-orm/pg-core';

export const serviceModel = pgEnum('service_model', ['IAAS', 'PAAS', 'SAAS', 'HOSTING']);
export const contractStatus = pgEnum('contract_status', ['SIGNED', 'ACTIVE', 'ENDED']);

/** Money is numeric(14, 2) in CNY: exact, read back as a string. */
const cny = (name: string) => numeric(name, { precision: 14, scale: 2 });

export const vendors = pgTable('vendors', {
  id: text('id').primaryKey(),
  nameEn: text('name_en').notNull(),
  nameZh: text('name_zh').notNull(),
  description: text('description').notNull(),
  isSample: boolean('is_sample').notNull().default(false),
});

export const cloudServices = pgTable(
  'cloud_services',
  {
    id: text('id').primaryKey(),
    vendorId: text('vendor_id')
      .notNull()
      .references(() => vendors.id),
    nameEn: text('name_en').notNull(),
    nameZh: text('name_zh').notNull(),
    serviceModel: serviceModel('service_model').notNull(),
    category: text('category').notNull(),
    unitOfSale: text('unit_of_sale').notNull(),
    unitPriceCny: cny('unit_price_cny').notNull(),
    inProcurementCatalogue: boolean('in_procurement_catalogue').notNull().default(false),
    isSample: boolean('is_sample').notNull().default(false),
  },
  (t) => [index('cloud_services_vendor_idx').on(t.vendorId)],
);

export const contracts = pgTable(
  'contracts',
  {
    id: text('id').primaryKey(),
    /** A unit of the units subgraph, referenced by id only. */
    unitId: text('unit_id').notNull(),
    vendorId: text('vendor_id')
      .notNull()
      .references(() => vendors.id),
    status: contractStatus('status').notNull(),
    startsOn: date('starts_on').notNull(),
    endsOn: date('ends_on').notNull(),
    monthlyAmountCny: cny('monthly_amount_cny').notNull(),
    isSample: boolean('is_sample').notNull().default(false),
  },
  (t) => [index('contracts_unit_idx').on(t.unitId), index('contracts_vendor_idx').on(t.vendorId)],
);

export type VendorRow = typeof vendors.$inferSelect;
export type CloudServiceRow = typeof cloudServices.$inferSelect;
export type ContractRow = typeof contracts.$inferSelect;
