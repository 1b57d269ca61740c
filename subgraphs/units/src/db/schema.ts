import { boolean, date, foreignKey, index, integer, pgEnum, pgTable, text } from 'drizzle-orm/pg-core';

export const unitKind = pgEnum('unit_kind', [
  'MUNICIPAL_DEPARTMENT',
  'DISTRICT',
  'COUNTY',
  'AUTONOMOUS_COUNTY',
  'MUNICIPAL_SOE_GROUP',
  'SOE_SUBSIDIARY',
  'PUBLIC_INSTITUTION',
  'CENTRAL_AGENCY',
  'CENTRAL_SOE',
]);
export const ownershipStake = pgEnum('ownership_stake', ['WHOLLY_OWNED', 'HOLDING', 'MINORITY']);
export const classification = pgEnum('classification', ['NON_CLASSIFIED', 'CLASSIFIED']);
export const businessType = pgEnum('business_type', [
  'GOVERNMENT_SERVICE',
  'OFFICE_AUTOMATION',
  'DATA_AND_REGISTRY',
  'MONITORING',
  'PUBLIC_WEBSITE',
  'ENTERPRISE_OPERATIONS',
]);
export const hosting = pgEnum('hosting', ['OWN_MACHINE_ROOM', 'THIRD_PARTY_HOSTED', 'PARK_DATA_CENTER', 'CLOUD_SERVICE']);
export const migrationStage = pgEnum('migration_stage', [
  'INVENTORIED',
  'ASSESSED',
  'VENDOR_SELECTED',
  'PLAN_APPROVED',
  'MIGRATING',
  'CENTRALISED',
  'INTEGRATED',
]);

/** The three batches of §5; windows are calendar dates in Asia/Shanghai. */
export const batches = pgTable('batches', {
  number: integer('number').primaryKey(),
  nameEn: text('name_en').notNull(),
  nameZh: text('name_zh').notNull(),
  windowStart: date('window_start').notNull(),
  windowEnd: date('window_end').notNull(),
  description: text('description').notNull(),
});

export const units = pgTable(
  'units',
  {
    id: text('id').primaryKey(),
    nameEn: text('name_en').notNull(),
    nameZh: text('name_zh').notNull(),
    noticeNameZh: text('notice_name_zh'),
    kind: unitKind('kind').notNull(),
    ownershipStake: ownershipStake('ownership_stake'),
    parentId: text('parent_id'),
    coordinatingUnitId: text('coordinating_unit_id').notNull(),
    hasAdministrativeApproval: boolean('has_administrative_approval').notNull().default(false),
    systemsAlreadyHosted: boolean('systems_already_hosted').notNull().default(false),
    /** Chosen as a pilot for batch 1 (§5, the notice's attachment). */
    isPilot: boolean('is_pilot').notNull().default(false),
    batchNumber: integer('batch_number')
      .notNull()
      .references(() => batches.number),
    isSample: boolean('is_sample').notNull().default(false),
  },
  (t) => [
    foreignKey({ columns: [t.parentId], foreignColumns: [t.id] }),
    foreignKey({ columns: [t.coordinatingUnitId], foreignColumns: [t.id] }),
    index('units_coordinating_unit_idx').on(t.coordinatingUnitId),
    index('units_batch_idx').on(t.batchNumber),
  ],
);

export const informationSystems = pgTable(
  'information_systems',
  {
    id: text('id').primaryKey(),
    unitId: text('unit_id')
      .notNull()
      .references(() => units.id),
    nameEn: text('name_en').notNull(),
    nameZh: text('name_zh').notNull(),
    classification: classification('classification').notNull(),
    businessType: businessType('business_type').notNull(),
    hosting: hosting('hosting').notNull(),
    stage: migrationStage('stage').notNull().default('INVENTORIED'),
    /** Raised by every change; a client sends the version it read and a stale one is refused. */
    version: integer('version').notNull().default(1),
    /** The provider chosen in step 2 (§3.2): an id in the vendors subgraph. */
    vendorId: text('vendor_id'),
    isSample: boolean('is_sample').notNull().default(false),
  },
  (t) => [index('information_systems_unit_idx').on(t.unitId)],
);

export type BatchRow = typeof batches.$inferSelect;
export type UnitRow = typeof units.$inferSelect;
export type SystemRow = typeof informationSystems.$inferSelect;
