import { isEmpty, type Database } from '@cq/kit';
import * as schema from '../db/schema.ts';
import { derivedBatch, derivedCoordinator } from '../rules.ts';
import { batchOneUnits, countyLevelUnits, namedUnits, sampleUnits, type SeedUnit } from './units.ts';
import { sampleSystemsFor } from './systems.ts';

/** The schedule of §5; each window ends on its last calendar day in Asia/Shanghai. */
export const batchRows: schema.BatchRow[] = [
  { number: 1, nameEn: 'Batch 1 (pilot units)', nameZh: '第一批', windowStart: '2015-07-01', windowEnd: '2015-09-30', description: 'Pilot units chosen for good readiness (the notice\'s attachment); units whose systems are already hosted must finish in this batch.' },
  { number: 2, nameEn: 'Batch 2 (municipal departments and SOE groups)', nameZh: '第二批', windowStart: '2015-10-01', windowEnd: '2015-12-31', description: 'All municipal departments and municipal state-owned enterprise groups.' },
  { number: 3, nameEn: 'Batch 3 (districts, counties and subordinate units)', nameZh: '第三批', windowStart: '2016-01-01', windowEnd: '2016-06-30', description: 'District and county government departments with their SOEs and institutions; SOEs and institutions under municipal departments; subsidiaries of municipal SOEs (wholly owned, holding and minority stakes).' },
];

/** Cloud providers in the vendors subgraph that sample systems selected (ids only: vendors owns them). */
const vendorIds = ['chongqing-cloud-investment', 'sample-jialing-cloud', 'sample-shancheng-data', 'sample-yangtze-cloud'];

const stages = schema.migrationStage.enumValues;

/** Every unit, parents before children, with batch and coordinator derived by the notice's rules. */
export function seedUnits(): schema.UnitRow[] {
  const rows: schema.UnitRow[] = [];
  const byId = new Map<string, schema.UnitRow>();
  for (const unit of [...batchOneUnits, ...namedUnits, ...countyLevelUnits(), ...sampleUnits] as SeedUnit[]) {
    const parent = unit.parentId ? byId.get(unit.parentId) ?? null : null;
    const base = {
      noticeNameZh: null,
      ownershipStake: null,
      parentId: null,
      hasAdministrativeApproval: false,
      systemsAlreadyHosted: false,
      isPilot: false,
      isSample: false,
      ...unit,
    };
    const coordinatingUnitId = derivedCoordinator(base, parent) ?? unit.coordinatingUnitId;
    if (!coordinatingUnitId) throw new Error(`Seed unit ${unit.id} has no coordinating unit.`);
    const row: schema.UnitRow = { ...base, coordinatingUnitId, batchNumber: derivedBatch(base) };
    rows.push(row);
    byId.set(row.id, row);
  }
  return rows;
}

/**
 * Sample progress as of today, long after the programme closed: earlier batches got further. A classified
 * system never leaves INVENTORIED (§1).
 */
export function seedSystems(units: schema.UnitRow[]): schema.SystemRow[] {
  return units.flatMap((unit, u) =>
    sampleSystemsFor(unit).map((system, s) => {
      const reach = { 1: 6, 2: 5, 3: 3 }[unit.batchNumber] ?? 0;
      const stageIndex = system.classification === 'CLASSIFIED' ? 0 : Math.min(stages.length - 1, Math.max(0, reach + ((u + s) % 3) - 1));
      return {
        ...system,
        stage: stages[stageIndex],
        version: 1,
        vendorId: stageIndex >= stages.indexOf('VENDOR_SELECTED') ? vendorIds[(u + s) % vendorIds.length] : null,
      };
    }),
  );
}

/** Fills a fresh units database; does nothing when the batches are already there. */
export async function seed(db: Database<typeof schema>): Promise<void> {
  if (!(await isEmpty(db, 'batches'))) return;
  const units = seedUnits();
  await db.transaction(async (tx) => {
    await tx.insert(schema.batches).values(batchRows);
    await tx.insert(schema.units).values(units);
    await tx.insert(schema.informationSystems).values(seedSystems(units));
  });
}
