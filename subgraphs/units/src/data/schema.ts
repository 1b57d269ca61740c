import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  numeric,
  pgEnum,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';

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
  // An end state beside the milestones: a system switched off as its assessment said (RETIRE), never overdue.
  'RETIRED',
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
    /**
     * Only encouraged to migrate (§1): a central agency or central SOE, or a unit below one of them;
     * derived from the parent chain when the unit is registered (rules.ts: derivedVoluntary). Such a unit
     * is scheduled with batch 3 but has no due date and is never overdue.
     */
    voluntary: boolean('voluntary').notNull().default(false),
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
    /** The stage now: the `to` of the system's last transition, kept here with `version` for locking. */
    stage: migrationStage('stage').notNull().default('INVENTORIED'),
    /** Raised by every change; a client sends the version it read and a stale one is refused. */
    version: integer('version').notNull().default(1),
    isSample: boolean('is_sample').notNull().default(false),
  },
  (t) => [index('information_systems_unit_idx').on(t.unitId)],
);

export const readiness = pgEnum('readiness', ['READY', 'READY_WITH_CONDITIONS', 'NOT_READY']);
export const strategy = pgEnum('strategy', ['REHOST', 'REPLATFORM', 'REFACTOR', 'REPURCHASE', 'RETIRE', 'RETAIN']);
export const serviceModel = pgEnum('service_model', ['IAAS', 'PAAS', 'SAAS', 'HOSTING']);
export const procurementMethod = pgEnum('procurement_method', [
  'PUBLIC_TENDER',
  'INVITED_TENDER',
  'COMPETITIVE_NEGOTIATION',
  'COMPETITIVE_CONSULTATION',
  'REQUEST_FOR_QUOTATION',
  'SINGLE_SOURCE',
  'PROCUREMENT_CATALOGUE',
]);
export const budgetCategory = pgEnum('budget_category', [
  'SERVERS',
  'STORAGE',
  'DISASTER_RECOVERY_EQUIPMENT',
  'MACHINE_ROOM_COOLING',
  'BASE_SOFTWARE',
  'CLOUD_SERVICES',
  'APPLICATION_DEVELOPMENT',
  'MIGRATION_SERVICES',
  'OPERATIONS_SERVICES',
  'COMMUNICATION',
  'OTHER',
]);

const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * The append-only history of every system's stage (§3: who, when, from, to). A system's stage at any
 * moment is the `to` of its last transition at or before that moment; rows are only ever inserted.
 */
export const stageTransitions = pgTable(
  'stage_transitions',
  {
    id: serial('id').primaryKey(),
    systemId: text('system_id')
      .notNull()
      .references(() => informationSystems.id),
    /** Null for the first entry: the system was inventoried. */
    fromStage: migrationStage('from_stage'),
    toStage: migrationStage('to_stage').notNull(),
    at: instant('at').notNull(),
    actor: text('actor').notNull(),
    note: text('note'),
  },
  (t) => [
    // A system's history in order, with its stages, from the index alone: the reports read every system's
    // spans in one ordered pass (progress.ts: stageSpans) and a stage at a moment in one probe (stageAt).
    index('stage_transitions_system_history_idx').on(t.systemId, t.at, t.id, t.toStage),
  ],
);

export interface Blocker {
  description: string;
  severity: 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';
}

/** Step 1 (§3.1): each assessment of a system; the latest one counts. */
export const assessments = pgTable(
  'assessments',
  {
    id: serial('id').primaryKey(),
    systemId: text('system_id')
      .notNull()
      .references(() => informationSystems.id),
    readiness: readiness('readiness').notNull(),
    strategy: strategy('strategy').notNull(),
    recommendedServiceModel: serviceModel('recommended_service_model').notNull(),
    blockers: jsonb('blockers').$type<Blocker[]>().notNull().default([]),
    at: instant('at').notNull(),
    actor: text('actor').notNull(),
  },
  (t) => [index('assessments_system_idx').on(t.systemId)],
);

/** Step 2 (§3.2): the provider and services chosen for a system, and how they were procured. */
export const vendorSelections = pgTable(
  'vendor_selections',
  {
    id: serial('id').primaryKey(),
    systemId: text('system_id')
      .notNull()
      .references(() => informationSystems.id),
    /** Ids in the vendors subgraph. */
    vendorId: text('vendor_id').notNull(),
    cloudServiceIds: text('cloud_service_ids').array().notNull(),
    procurementMethod: procurementMethod('procurement_method').notNull(),
    procurementReference: text('procurement_reference').notNull(),
    at: instant('at').notNull(),
    actor: text('actor').notNull(),
  },
  (t) => [index('vendor_selections_system_idx').on(t.systemId)],
);

/** Step 3 (§3.3): the approved plan, written by the unit with its selected provider. */
export const migrationPlans = pgTable(
  'migration_plans',
  {
    id: serial('id').primaryKey(),
    systemId: text('system_id')
      .notNull()
      .references(() => informationSystems.id),
    /** An id in the park subgraph. */
    destinationDataCenterId: text('destination_data_center_id').notNull(),
    writtenWithVendorId: text('written_with_vendor_id').notNull(),
    plannedStart: date('planned_start').notNull(),
    plannedCutover: date('planned_cutover').notNull(),
    contingencyPlan: text('contingency_plan').notNull(),
    at: instant('at').notNull(),
    actor: text('actor').notNull(),
  },
  (t) => [index('migration_plans_system_idx').on(t.systemId)],
);

/** A system's dependency on another system (both in this subgraph). */
export const systemDependencies = pgTable(
  'system_dependencies',
  {
    systemId: text('system_id')
      .notNull()
      .references(() => informationSystems.id),
    dependsOnId: text('depends_on_id')
      .notNull()
      .references(() => informationSystems.id),
  },
  (t) => [primaryKey({ columns: [t.systemId, t.dependsOnId] }), index('system_dependencies_depends_on_idx').on(t.dependsOnId)],
);

/** A unit's request to finish after its batch (§6.4); the decision is a separate, append-only row. */
export const extensionRequests = pgTable(
  'extension_requests',
  {
    id: serial('id').primaryKey(),
    unitId: text('unit_id')
      .notNull()
      .references(() => units.id),
    reason: text('reason').notNull(),
    newDueDate: date('new_due_date').notNull(),
    requestedAt: instant('requested_at').notNull(),
    requestedBy: text('requested_by').notNull(),
  },
  (t) => [index('extension_requests_unit_idx').on(t.unitId)],
);

/** The joint-conference office's decision on an extension request; at most one per request. */
export const extensionDecisions = pgTable('extension_decisions', {
  requestId: integer('request_id')
    .primaryKey()
    .references(() => extensionRequests.id),
  approved: boolean('approved').notNull(),
  note: text('note'),
  decidedAt: instant('decided_at').notNull(),
  decidedBy: text('decided_by').notNull(),
});

/**
 * A unit's officer (or its coordinating unit) withdraws a pending extension request (§6.4); at most one per
 * request, never changed. A withdrawn request is not decided, and the unit may ask again.
 */
export const extensionWithdrawals = pgTable('extension_withdrawals', {
  requestId: integer('request_id')
    .primaryKey()
    .references(() => extensionRequests.id),
  reason: text('reason').notNull(),
  withdrawnAt: instant('withdrawn_at').notNull(),
  withdrawnBy: text('withdrawn_by').notNull(),
  role: text('role').notNull(),
});

/**
 * What a correction changes: a unit's flags and parent and what the rules derive from them (§4, §5, §6.2,
 * §1), a system's hosting and classification, its provider and its plan (§3.2, §3.3).
 */
export const CORRECTED_FIELDS = [
  'SYSTEMS_ALREADY_HOSTED',
  'HAS_ADMINISTRATIVE_APPROVAL',
  'PARENT',
  'COORDINATING_UNIT',
  'VOLUNTARY',
  'BATCH',
  'HOSTING',
  'CLASSIFICATION',
  'PROVIDER',
  'MIGRATION_PLAN',
] as const;

/**
 * The one history of corrections: every change to a fact of a unit or a system after it was registered,
 * with the value before and after, who made it (actor and role) and why. Rows are only ever inserted: a
 * trigger (drizzle/0003) refuses updates, deletes and truncation, as the kit's audit log does. A value
 * at a past moment is the `before` of the first correction of that field after it, or the value now.
 */
export const corrections = pgTable(
  'corrections',
  {
    id: serial('id').primaryKey(),
    /** The unit corrected; null when a system is. */
    unitId: text('unit_id').references(() => units.id),
    /** The system corrected; null when a unit is. */
    systemId: text('system_id').references(() => informationSystems.id),
    field: text('field', { enum: CORRECTED_FIELDS }).notNull(),
    /** The value before and after, as text (an id, a number, true or false, an enum value); null for none. */
    before: text('before'),
    after: text('after'),
    reason: text('reason').notNull(),
    /** True when the rules derived this change from another (a batch from a flag, say), not asked for as such. */
    derived: boolean('derived').notNull().default(false),
    at: instant('at').notNull(),
    actor: text('actor').notNull(),
    role: text('role').notNull(),
  },
  (t) => [
    check('corrections_one_subject', sql`(${t.unitId} is null) <> (${t.systemId} is null)`),
    index('corrections_unit_idx').on(t.unitId, t.at),
    index('corrections_system_idx').on(t.systemId, t.field, t.at),
    // The few reclassifications, in each system's order: a classification at a moment is one probe, and
    // every system's in one short ordered pass (rules.ts: classificationAtSql, CLASSIFICATION_SPANS).
    index('corrections_classification_idx').on(t.systemId, t.at, t.id).where(sql`${t.field} = 'CLASSIFICATION'`),
  ],
);

/**
 * A unit's officer asks to change a system's classification (§1); the joint-conference office decides
 * (reclassificationDecisions), never the one who asked. Only an approved change takes effect.
 */
export const reclassificationRequests = pgTable(
  'reclassification_requests',
  {
    id: serial('id').primaryKey(),
    systemId: text('system_id')
      .notNull()
      .references(() => informationSystems.id),
    /** The classification when asked, and the one asked for. */
    fromClassification: classification('from_classification').notNull(),
    toClassification: classification('to_classification').notNull(),
    reason: text('reason').notNull(),
    requestedAt: instant('requested_at').notNull(),
    requestedBy: text('requested_by').notNull(),
  },
  (t) => [index('reclassification_requests_system_idx').on(t.systemId)],
);

/** The joint-conference office's decision on a reclassification request; at most one per request, never changed. */
export const reclassificationDecisions = pgTable('reclassification_decisions', {
  requestId: integer('request_id')
    .primaryKey()
    .references(() => reclassificationRequests.id),
  approved: boolean('approved').notNull(),
  note: text('note'),
  decidedAt: instant('decided_at').notNull(),
  decidedBy: text('decided_by').notNull(),
});

/**
 * A line of a unit's IT budget for a year (§6.2); hardware and base software lines recorded from the
 * notice's date on are non-compliant (rules.ts: nonComplianceReason).
 */
export const budgetLines = pgTable(
  'budget_lines',
  {
    id: serial('id').primaryKey(),
    unitId: text('unit_id')
      .notNull()
      .references(() => units.id),
    year: integer('year').notNull(),
    category: budgetCategory('category').notNull(),
    description: text('description').notNull(),
    amountCny: numeric('amount_cny', { precision: 14, scale: 2 }).notNull(),
    recordedAt: instant('recorded_at').notNull(),
    recordedBy: text('recorded_by').notNull(),
  },
  (t) => [index('budget_lines_unit_year_idx').on(t.unitId, t.year)],
);

/**
 * The programme's liaisons as roles at organisations. The notice names contact people with phone
 * numbers; personal names and numbers are deliberately not kept, only the role and how to reach it.
 */
export const liaisons = pgTable('liaisons', {
  id: text('id').primaryKey(),
  roleEn: text('role_en').notNull(),
  roleZh: text('role_zh').notNull(),
  organisationEn: text('organisation_en').notNull(),
  organisationZh: text('organisation_zh').notNull(),
  /** The organisation when it is a unit of this subgraph. */
  unitId: text('unit_id').references(() => units.id),
  /** The organisation when it is a provider of the vendors subgraph. */
  vendorId: text('vendor_id'),
  responsibility: text('responsibility').notNull(),
  contact: text('contact').notNull(),
});

export type BatchRow = typeof batches.$inferSelect;
export type LiaisonRow = typeof liaisons.$inferSelect;
export type UnitRow = typeof units.$inferSelect;
export type SystemRow = typeof informationSystems.$inferSelect;
export type TransitionRow = typeof stageTransitions.$inferSelect;
export type AssessmentRow = typeof assessments.$inferSelect;
export type VendorSelectionRow = typeof vendorSelections.$inferSelect;
export type MigrationPlanRow = typeof migrationPlans.$inferSelect;
export type ExtensionRequestRow = typeof extensionRequests.$inferSelect;
export type ExtensionDecisionRow = typeof extensionDecisions.$inferSelect;
export type BudgetLineRow = typeof budgetLines.$inferSelect;
export type ExtensionWithdrawalRow = typeof extensionWithdrawals.$inferSelect;
export type CorrectionRow = typeof corrections.$inferSelect;
export type CorrectedField = CorrectionRow['field'];
export type ReclassificationRequestRow = typeof reclassificationRequests.$inferSelect;
export type ReclassificationDecisionRow = typeof reclassificationDecisions.$inferSelect;
