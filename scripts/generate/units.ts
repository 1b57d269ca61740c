/**
 * The units subgraph's rows of the generated programme: units, systems and their history (transitions,
 * assessments, selections, plans, the hosting each milestone changed), extension requests with their
 * decisions and withdrawals, budget lines (a few of them hardware bought after the notice, flagged by
 * §6.2) and dependencies between a unit's systems (never a cycle: later systems depend on its first).
 */

import { at } from '@cq/story/world';
import * as schema from '@cq/units/schema';
import { type CopyTable, copyOf } from './db.ts';
import type { Programme } from './programme.ts';
import { streamFor } from './random.ts';

type BudgetLine = Omit<schema.BudgetLineRow, 'id'>;

const HARDWARE: [schema.BudgetLineRow['category'], string][] = [
  ['SERVERS', 'Replacement servers for the machine room'],
  ['STORAGE', 'Storage array expansion'],
  ['DISASTER_RECOVERY_EQUIPMENT', 'Backup site equipment'],
  ['MACHINE_ROOM_COOLING', 'Machine-room air conditioning'],
  ['BASE_SOFTWARE', 'Database and operating-system licences'],
];

/**
 * Each unit's IT budget for 2015 to 2017: operations in 2015 (recorded before the notice), cloud services
 * and migration support from 2016; some units still budgeted hardware after the notice (non-compliant,
 * §6.2), a few bought base software before it (not counted).
 */
function budgetLinesOf(programme: Programme): BudgetLine[] {
  const lines: BudgetLine[] = [];
  programme.units.forEach((unit, i) => {
    const rng = streamFor(programme.options.seed, 'budget', i);
    const officer = `${unit.row.id}-officer`;
    const size = 50_000 + rng.int(0, 60) * 10_000;
    const line = (year: number, category: BudgetLine['category'], description: string, amount: number, recorded: string): BudgetLine => ({
      unitId: unit.row.id,
      year,
      category,
      description,
      amountCny: `${amount}.00`,
      recordedAt: at(recorded),
      recordedBy: officer,
    });
    lines.push(line(2015, 'OPERATIONS_SERVICES', 'Operations of existing systems', size, '2015-03-01'));
    if (rng.chance(0.02)) lines.push(line(2015, 'BASE_SOFTWARE', 'Database licences (budgeted before the notice)', size / 2, '2015-03-01'));
    lines.push(line(2016, 'CLOUD_SERVICES', 'Cloud services for migrated systems', size * 2, '2015-11-16'));
    lines.push(line(2016, 'MIGRATION_SERVICES', 'Migration support from the provider', size / 2, '2015-11-16'));
    if (rng.chance(0.04)) {
      const [category, description] = rng.pick(HARDWARE);
      lines.push(line(2016, category, description, rng.int(5, 50) * 10_000, '2015-11-16'));
    }
    if (rng.chance(0.3)) lines.push(line(2017, 'APPLICATION_DEVELOPMENT', 'Adapting applications to cloud services', size, '2016-11-15'));
  });
  return lines;
}

/** Some of a unit's later systems depend on its first one: a tree, so never a cycle (DEPENDENCY_CYCLE). */
function dependenciesOf(programme: Programme): (typeof schema.systemDependencies.$inferInsert)[] {
  const rng = streamFor(programme.options.seed, 'dependencies');
  return programme.histories.flatMap(({ system }) => {
    const first = `${system.unitId}-system-1`;
    return system.id !== first && rng.chance(0.08) ? [{ systemId: system.id, dependsOnId: first }] : [];
  });
}

export function unitsTables(programme: Programme): CopyTable[] {
  const { histories, extensions } = programme;
  return [
    copyOf(
      'units',
      schema.units,
      [
        'id',
        'nameEn',
        'nameZh',
        'noticeNameZh',
        'kind',
        'ownershipStake',
        'parentId',
        'coordinatingUnitId',
        'hasAdministrativeApproval',
        'systemsAlreadyHosted',
        'isPilot',
        'voluntary',
        'batchNumber',
        'isSample',
      ],
      programme.units.map((u) => u.row),
    ),
    copyOf(
      'information_systems',
      schema.informationSystems,
      ['id', 'unitId', 'nameEn', 'nameZh', 'classification', 'businessType', 'hosting', 'stage', 'version', 'isSample'],
      histories.map((h) => h.system),
    ),
    copyOf(
      'stage_transitions',
      schema.stageTransitions,
      ['systemId', 'fromStage', 'toStage', 'at', 'actor', 'note'],
      histories.flatMap((h) => h.transitions),
    ),
    copyOf(
      'assessments',
      schema.assessments,
      ['systemId', 'readiness', 'strategy', 'recommendedServiceModel', 'blockers', 'at', 'actor'],
      histories.flatMap((h) => h.assessments),
    ),
    copyOf(
      'vendor_selections',
      schema.vendorSelections,
      ['systemId', 'vendorId', 'cloudServiceIds', 'procurementMethod', 'procurementReference', 'at', 'actor'],
      histories.flatMap((h) => (h.selection ? [h.selection] : [])),
    ),
    copyOf(
      'migration_plans',
      schema.migrationPlans,
      ['systemId', 'destinationDataCenterId', 'writtenWithVendorId', 'plannedStart', 'plannedCutover', 'contingencyPlan', 'at', 'actor'],
      histories.flatMap((h) => (h.plan ? [h.plan] : [])),
    ),
    copyOf(
      'corrections',
      schema.corrections,
      ['unitId', 'systemId', 'field', 'before', 'after', 'reason', 'derived', 'at', 'actor', 'role'],
      histories.flatMap((h) => h.hostingChanges),
    ),
    copyOf('system_dependencies', schema.systemDependencies, ['systemId', 'dependsOnId'], dependenciesOf(programme)),
    copyOf(
      'extension_requests',
      schema.extensionRequests,
      ['id', 'unitId', 'reason', 'newDueDate', 'requestedAt', 'requestedBy'],
      extensions.map((e) => e.request),
    ),
    copyOf(
      'extension_decisions',
      schema.extensionDecisions,
      ['requestId', 'approved', 'note', 'decidedAt', 'decidedBy'],
      extensions.flatMap((e) => (e.decision ? [e.decision] : [])),
    ),
    copyOf(
      'extension_withdrawals',
      schema.extensionWithdrawals,
      ['requestId', 'reason', 'withdrawnAt', 'withdrawnBy', 'role'],
      extensions.flatMap((e) => (e.withdrawal ? [e.withdrawal] : [])),
    ),
    copyOf(
      'budget_lines',
      schema.budgetLines,
      ['unitId', 'year', 'category', 'description', 'amountCny', 'recordedAt', 'recordedBy'],
      budgetLinesOf(programme),
    ),
  ];
}

/** The extension requests were given ids of their own: the sequence moves past them. */
export const unitsAfterLoad = [
  `select setval(pg_get_serial_sequence('extension_requests', 'id'), (select max(id) from extension_requests))`,
];
