import { GOVERNMENT_DESTINATIONS } from '@cq/kit';
import type { UnitRow } from './db/schema.ts';

/** The municipal SASAC coordinates SOE groups and their subsidiaries (§6.2). */
export const SASAC_ID = 'sasac';

type UnitKind = UnitRow['kind'];

/** Kinds that coordinate their own migration and that of the units below them (§6.2). */
export const SELF_COORDINATING_KINDS: readonly UnitKind[] = ['MUNICIPAL_DEPARTMENT', 'DISTRICT', 'COUNTY', 'AUTONOMOUS_COUNTY'];

/**
 * The coordinating unit §6.2 fixes, or null where the notice leaves it open (central agencies and SOEs,
 * which the programme only encourages, and units without a parent): a department or district coordinates
 * itself; a municipal SOE group answers to the SASAC; any other unit answers to its parent's coordinator,
 * so a subsidiary of a municipal group reaches the SASAC and one of a district's enterprise the district.
 */
export function derivedCoordinator(
  unit: Pick<UnitRow, 'id' | 'kind' | 'parentId'>,
  parent: Pick<UnitRow, 'kind' | 'coordinatingUnitId'> | null,
): string | null {
  if (SELF_COORDINATING_KINDS.includes(unit.kind)) return unit.id;
  if (unit.kind === 'MUNICIPAL_SOE_GROUP') return SASAC_ID;
  return parent ? parent.coordinatingUnitId : null;
}

/**
 * The batch §5 puts a unit in: pilots and units whose systems are already hosted finish in batch 1;
 * municipal departments and municipal SOE groups in batch 2; everyone else (district and county units,
 * units under departments, SOE subsidiaries, central agencies) in batch 3.
 */
export function derivedBatch(unit: Pick<UnitRow, 'kind' | 'isPilot' | 'systemsAlreadyHosted' | 'parentId'>): 1 | 2 | 3 {
  if (unit.isPilot || unit.systemsAlreadyHosted) return 1;
  if ((unit.kind === 'MUNICIPAL_DEPARTMENT' || unit.kind === 'MUNICIPAL_SOE_GROUP') && !unit.parentId) return 2;
  return 3;
}

type Stage = import('./db/schema.ts').SystemRow['stage'];

/** The stage a step mutation moves a system to, and the stages it may start from (§3, §2.2). */
export const STEPS = {
  assess: { from: ['INVENTORIED', 'ASSESSED'], to: 'ASSESSED', name: 'an assessment (step 1)' },
  selectVendor: { from: ['ASSESSED'], to: 'VENDOR_SELECTED', name: 'a provider selection (step 2)' },
  approvePlan: { from: ['VENDOR_SELECTED'], to: 'PLAN_APPROVED', name: 'a migration plan (step 3)' },
  startMigration: { from: ['PLAN_APPROVED'], to: 'MIGRATING', name: 'the start of the migration (step 4)' },
  markCentralised: { from: ['MIGRATING'], to: 'CENTRALISED', name: 'centralisation (first milestone)' },
  markIntegrated: { from: ['CENTRALISED'], to: 'INTEGRATED', name: 'integration (second milestone)' },
} as const satisfies Record<string, { from: readonly Stage[]; to: Stage; name: string }>;

export type StepName = keyof typeof STEPS;

/** Stages at which a system counts as centralised in the park (§2.2's first milestone or beyond). */
export const CENTRALISED_STAGES: readonly Stage[] = ['CENTRALISED', 'INTEGRATED'];

/** Stages of a system on its way: a provider selected, not yet centralised. */
export const IN_MIGRATION_STAGES: readonly Stage[] = ['VENDOR_SELECTED', 'PLAN_APPROVED', 'MIGRATING'];

/** Stages at which a system's migration plan is approved (the unit takes part in the migration). */
export const PLANNED_STAGES: readonly Stage[] = ['PLAN_APPROVED', 'MIGRATING', ...CENTRALISED_STAGES];

/**
 * §1: central agencies and central SOEs in Chongqing are encouraged, not obliged, to migrate. They are
 * scheduled with batch 3 but have no due date and are never overdue.
 */
export const VOLUNTARY_KINDS: readonly UnitKind[] = ['CENTRAL_AGENCY', 'CENTRAL_SOE'];

/** §4: where systems of units with administrative-approval functions may go (ids of the park subgraph). */
export const ALLOWED_APPROVAL_DESTINATIONS: readonly string[] = Object.values(GOVERNMENT_DESTINATIONS);

type BudgetCategory = import('./db/schema.ts').BudgetLineRow['category'];

/** §6.2: budgets may not contain hardware or base software; everything is bought as cloud services. */
export const NON_COMPLIANT_CATEGORIES: Partial<Record<BudgetCategory, string>> = {
  SERVERS: 'servers',
  STORAGE: 'storage equipment',
  DISASTER_RECOVERY_EQUIPMENT: 'disaster-recovery equipment',
  MACHINE_ROOM_COOLING: 'large machine-room cooling',
  BASE_SOFTWARE: 'base software',
};

export function nonComplianceReason(category: BudgetCategory): string | null {
  const what = NON_COMPLIANT_CATEGORIES[category];
  return what ? `§6.2: budgets may not contain ${what}; buy cloud services instead.` : null;
}

/** Names of unit kinds for people, as report groups show them. */
export const UNIT_KIND_NAMES: Record<UnitKind, string> = {
  MUNICIPAL_DEPARTMENT: 'Municipal departments (市级部门)',
  DISTRICT: 'District governments (区)',
  COUNTY: 'County governments (县)',
  AUTONOMOUS_COUNTY: 'Autonomous county governments (自治县)',
  MUNICIPAL_SOE_GROUP: 'Municipal SOE groups (市属国有企业集团)',
  SOE_SUBSIDIARY: 'SOE subsidiaries (国有企业下属单位)',
  PUBLIC_INSTITUTION: 'Public institutions (事业单位)',
  CENTRAL_AGENCY: 'Central agencies in Chongqing (中央驻渝机构)',
  CENTRAL_SOE: 'Central SOEs in Chongqing (在渝央企)',
};
