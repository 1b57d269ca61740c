import { boolean, date, index, integer, numeric, pgEnum, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

export const serviceModel = pgEnum('service_model', ['IAAS', 'PAAS', 'SAAS', 'HOSTING']);
export const contractStatus = pgEnum('contract_status', ['SIGNED', 'ACTIVE', 'ENDED']);
export const taskStatus = pgEnum('task_status', ['NOT_STARTED', 'IN_PROGRESS', 'BLOCKED', 'DONE']);

/** Money is numeric(14, 2) in CNY: exact, read back as a string. */
const cny = (name: string) => numeric(name, { precision: 14, scale: 2 });
const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const vendors = pgTable('vendors', {
  id: text('id').primaryKey(),
  nameEn: text('name_en').notNull(),
  nameZh: text('name_zh').notNull(),
  description: text('description').notNull(),
  isSample: boolean('is_sample').notNull().default(false),
});

export const certifications = pgTable(
  'certifications',
  {
    id: serial('id').primaryKey(),
    vendorId: text('vendor_id')
      .notNull()
      .references(() => vendors.id),
    name: text('name').notNull(),
    level: text('level').notNull(),
    issuer: text('issuer').notNull(),
    validUntil: date('valid_until').notNull(),
  },
  (t) => [index('certifications_vendor_idx').on(t.vendorId)],
);

/** §6.5: each provider keeps emergency plans for migration (迁移部署应急预案). */
export const contingencyPlans = pgTable(
  'contingency_plans',
  {
    id: serial('id').primaryKey(),
    vendorId: text('vendor_id')
      .notNull()
      .references(() => vendors.id),
    title: text('title').notNull(),
    summary: text('summary').notNull(),
    lastDrilledOn: date('last_drilled_on'),
  },
  (t) => [index('contingency_plans_vendor_idx').on(t.vendorId)],
);

/** §6.5: the operations guarantee (运行保障机制) a provider commits to. */
export const serviceLevels = pgTable('service_levels', {
  vendorId: text('vendor_id')
    .primaryKey()
    .references(() => vendors.id),
  availabilityPercent: numeric('availability_percent', { precision: 6, scale: 3 }).notNull(),
  responseMinutes: integer('response_minutes').notNull(),
  recoveryHours: integer('recovery_hours').notNull(),
  description: text('description').notNull(),
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
    meetsPurchaseStandards: boolean('meets_purchase_standards').notNull().default(false),
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
    /** The status today; the status at any other day follows from the dates below (rules.ts: contractStatusOn). */
    status: contractStatus('status').notNull(),
    startsOn: date('starts_on').notNull(),
    endsOn: date('ends_on').notNull(),
    /** The day it was recorded (Asia/Shanghai); null for contracts recorded before the day was kept. */
    signedOn: date('signed_on'),
    /** The day it became ACTIVE; null while SIGNED, or for one activated before the day was kept (then its term's start). */
    activatedOn: date('activated_on'),
    /** The day it was ENDED; null while not ended, or for one ended before the day was kept (then it ran its term). */
    endedOn: date('ended_on'),
    isSample: boolean('is_sample').notNull().default(false),
  },
  // A provider's contracts in id order: a page of each is read straight off the index (queries.ts: contractPages).
  (t) => [index('contracts_unit_idx').on(t.unitId), index('contracts_vendor_idx').on(t.vendorId, t.id)],
);

/** What a contract buys: a quantity of one catalogue service, priced when signed, maybe for one system. */
export const contractLines = pgTable(
  'contract_lines',
  {
    id: serial('id').primaryKey(),
    contractId: text('contract_id')
      .notNull()
      .references(() => contracts.id),
    cloudServiceId: text('cloud_service_id')
      .notNull()
      .references(() => cloudServices.id),
    /** An information system of the units subgraph the line serves; null for unit-wide services. */
    systemId: text('system_id'),
    quantity: numeric('quantity', { precision: 12, scale: 4 }).notNull(),
    monthlyAmountCny: cny('monthly_amount_cny').notNull(),
  },
  (t) => [index('contract_lines_contract_idx').on(t.contractId), index('contract_lines_system_idx').on(t.systemId)],
);

/** The provider's own report on a system's migration: one current task per system. */
export const migrationTasks = pgTable(
  'migration_tasks',
  {
    id: serial('id').primaryKey(),
    /** An information system of the units subgraph. */
    systemId: text('system_id').notNull(),
    vendorId: text('vendor_id')
      .notNull()
      .references(() => vendors.id),
    status: taskStatus('status').notNull(),
    percentComplete: integer('percent_complete').notNull(),
    detail: text('detail').notNull(),
    updatedAt: instant('updated_at').notNull(),
    updatedBy: text('updated_by').notNull(),
    /** The day the next report is due (Asia/Shanghai); a task not updated by its end is stale. */
    nextUpdateDue: date('next_update_due').notNull(),
  },
  // A provider's tasks in id order: a page of each is read straight off the index (queries.ts: taskPages).
  (t) => [uniqueIndex('migration_tasks_system_idx').on(t.systemId), index('migration_tasks_vendor_idx').on(t.vendorId, t.id)],
);

/**
 * Every report a provider made on a migration task, append-only: the task as it stood at any moment is its
 * latest report by then (`migration_tasks` holds the latest one). Tasks reported before reports were kept
 * have none: the task row itself then stands from its `updated_at`.
 */
export const migrationTaskReports = pgTable(
  'migration_task_reports',
  {
    id: serial('id').primaryKey(),
    taskId: integer('task_id')
      .notNull()
      .references(() => migrationTasks.id),
    systemId: text('system_id').notNull(),
    vendorId: text('vendor_id')
      .notNull()
      .references(() => vendors.id),
    status: taskStatus('status').notNull(),
    percentComplete: integer('percent_complete').notNull(),
    detail: text('detail').notNull(),
    reportedAt: instant('reported_at').notNull(),
    reportedBy: text('reported_by').notNull(),
    nextUpdateDue: date('next_update_due').notNull(),
  },
  (t) => [
    index('migration_task_reports_system_idx').on(t.systemId, t.reportedAt),
    index('migration_task_reports_vendor_idx').on(t.vendorId),
  ],
);

/**
 * Every change of a catalogue price, append-only, with the price before and after: the price at a moment is
 * the `priceBefore` of the first change after it, or today's price when none followed.
 */
export const cloudServicePriceChanges = pgTable(
  'cloud_service_price_changes',
  {
    id: serial('id').primaryKey(),
    cloudServiceId: text('cloud_service_id')
      .notNull()
      .references(() => cloudServices.id),
    changedAt: instant('changed_at').notNull(),
    changedBy: text('changed_by').notNull(),
    priceBeforeCny: cny('price_before_cny').notNull(),
    priceAfterCny: cny('price_after_cny').notNull(),
  },
  (t) => [index('cloud_service_price_changes_service_idx').on(t.cloudServiceId, t.changedAt)],
);

export type VendorRow = typeof vendors.$inferSelect;
export type CertificationRow = typeof certifications.$inferSelect;
export type ContingencyPlanRow = typeof contingencyPlans.$inferSelect;
export type ServiceLevelRow = typeof serviceLevels.$inferSelect;
export type CloudServiceRow = typeof cloudServices.$inferSelect;
export type ContractRow = typeof contracts.$inferSelect;
export type ContractLineRow = typeof contractLines.$inferSelect;
export type MigrationTaskRow = typeof migrationTasks.$inferSelect;
export type CloudServicePriceChangeRow = typeof cloudServicePriceChanges.$inferSelect;
