/**
 * The programme's registry as the units subgraph derives it: the schedule of §5 and the units with the
 * batch, coordinator and voluntariness the notice's rules give them. The shared story (`@cq/story`) tells
 * what happened to these units' systems; the units seed writes both.
 */
import type * as schema from '../data/schema.ts';
import { derivedBatch, derivedCoordinator, derivedVoluntary } from '../domain/rules.ts';
import { batchOneUnits, countyLevelUnits, namedUnits, type SeedUnit, sampleUnits } from './units.ts';

/** The schedule of §5; each window ends on its last calendar day in Asia/Shanghai. */
export const batchRows: schema.BatchRow[] = [
  {
    number: 1,
    nameEn: 'Batch 1 (pilot units)',
    nameZh: '第一批',
    windowStart: '2015-07-01',
    windowEnd: '2015-09-30',
    description:
      "Pilot units chosen for good readiness (the notice's attachment); units whose systems are already hosted must finish in this batch.",
  },
  {
    number: 2,
    nameEn: 'Batch 2 (municipal departments and SOE groups)',
    nameZh: '第二批',
    windowStart: '2015-10-01',
    windowEnd: '2015-12-31',
    description: 'All municipal departments and municipal state-owned enterprise groups.',
  },
  {
    number: 3,
    nameEn: 'Batch 3 (districts, counties and subordinate units)',
    nameZh: '第三批',
    windowStart: '2016-01-01',
    windowEnd: '2016-06-30',
    description:
      'District and county government departments with their SOEs and institutions; SOEs and institutions under municipal departments; subsidiaries of municipal SOEs (wholly owned, holding and minority stakes).',
  },
];

/**
 * Units with batch, coordinator and voluntariness derived by the notice's rules (as createUnit derives
 * them), parents listed before children: the programme's own by default, or others (scale tests pass
 * generated ones).
 */
export function seedUnits(units: SeedUnit[] = [...batchOneUnits, ...namedUnits, ...countyLevelUnits(), ...sampleUnits]): schema.UnitRow[] {
  const rows: schema.UnitRow[] = [];
  const byId = new Map<string, schema.UnitRow>();
  for (const unit of units) {
    const parent = unit.parentId ? (byId.get(unit.parentId) ?? null) : null;
    const fields = {
      noticeNameZh: null,
      ownershipStake: null,
      parentId: null,
      hasAdministrativeApproval: false,
      systemsAlreadyHosted: false,
      isPilot: false,
      isSample: false,
      ...unit,
    };
    const base = { ...fields, voluntary: derivedVoluntary(fields, parent) };
    const coordinatingUnitId = derivedCoordinator(base, parent) ?? unit.coordinatingUnitId;
    if (!coordinatingUnitId) throw new Error(`Seed unit ${unit.id} has no coordinating unit.`);
    const row: schema.UnitRow = { ...base, coordinatingUnitId, batchNumber: derivedBatch(base) };
    rows.push(row);
    byId.set(row.id, row);
  }
  return rows;
}
