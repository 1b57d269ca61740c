import type { UnitRow } from './db/schema.ts';

/** The municipal SASAC coordinates SOE groups and their subsidiaries (§6.2). */
export const SASAC_ID = 'sasac';

type UnitKind = UnitRow['kind'];

/** Kinds that coordinate their own migration and that of the units below them (§6.2). */
export const SELF_COORDINATING_KINDS: readonly UnitKind[] = ['MUNICIPAL_DEPARTMENT', 'DISTRICT', 'COUNTY', 'AUTONOMOUS_COUNTY'];

const ENTERPRISE_KINDS: readonly UnitKind[] = ['MUNICIPAL_SOE_GROUP', 'SOE_SUBSIDIARY'];

/**
 * The coordinating unit §6.2 fixes, or null where the notice leaves it open (central agencies and SOEs,
 * which the programme only encourages): a department or district coordinates itself; an SOE group, and a
 * subsidiary of a municipal SOE, answers to the SASAC; any other unit answers to its parent's coordinator.
 */
export function derivedCoordinator(
  unit: Pick<UnitRow, 'id' | 'kind' | 'parentId'>,
  parent: Pick<UnitRow, 'kind' | 'coordinatingUnitId'> | null,
): string | null {
  if (SELF_COORDINATING_KINDS.includes(unit.kind)) return unit.id;
  if (unit.kind === 'MUNICIPAL_SOE_GROUP') return SASAC_ID;
  if (parent) {
    if (unit.kind === 'SOE_SUBSIDIARY' && ENTERPRISE_KINDS.includes(parent.kind)) return SASAC_ID;
    return parent.coordinatingUnitId;
  }
  return null;
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
