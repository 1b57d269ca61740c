import { type Database, isEmpty, onlyRow } from '@cq/kit/database';
import { loaded } from '@cq/kit/loaders';
import * as schema from '../data/schema.ts';
import { derivedBatch, derivedCoordinator, derivedVoluntary } from '../domain/rules.ts';
import { budgetRows, dependencyRows, extensionRows, storyOf } from './story.ts';
import { sampleSystemsFor } from './systems.ts';
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

/** The three contact points the notice lists, as roles (its named people and numbers are left out). */
export const liaisonRows: schema.LiaisonRow[] = [
  {
    id: 'joint-conference-office',
    roleEn: 'Joint-conference office',
    roleZh: '联席会议办公室',
    organisationEn: 'Economic and Information Commission',
    organisationZh: '重庆市经济和信息化委员会',
    unitId: 'economic-information-commission',
    vendorId: null,
    responsibility: 'Day-to-day running of the programme: schedules, extension requests (§6.1, §6.4).',
    contact: 'The joint-conference office at the Commission.',
  },
  {
    id: 'finance-bureau-liaison',
    roleEn: 'Migration funding liaison',
    roleZh: '迁移经费联系人',
    organisationEn: 'Finance Bureau',
    organisationZh: '重庆市财政局',
    unitId: 'finance-bureau',
    vendorId: null,
    responsibility: 'Migration funding from existing IT budget channels; cloud services in the procurement catalogue (§6.2, §6.4).',
    contact: "The Finance Bureau's office for IT budgets.",
  },
  {
    id: 'cloud-coordination-liaison',
    roleEn: 'Provider coordination liaison',
    roleZh: '云服务商统筹联系人',
    organisationEn: 'Chongqing Cloud Computing Investment & Operation Co.',
    organisationZh: '重庆云计算投资运营有限公司',
    unitId: null,
    vendorId: 'chongqing-cloud-investment',
    responsibility: 'The transitional government data centre and coordination of all cloud providers during migration (§3.4, §4).',
    contact: "The company's migration service desk.",
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

/** Inserts in slices: one statement per slice keeps every insert under the drivers' parameter limits. */
async function insertAll<T extends Record<string, unknown>>(insert: (rows: T[]) => Promise<unknown>, rows: T[], size = 500) {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

/** Fills a fresh units database with units, systems and their dated history; does nothing otherwise. */
export async function seed(db: Database<typeof schema>, units = seedUnits()): Promise<void> {
  if (!(await isEmpty(db, 'batches'))) return;
  const batchOf = new Map(batchRows.map((b) => [b.number, b]));
  const unitsById = new Map(units.map((u) => [u.id, u]));
  const systems = units.flatMap((unit) =>
    sampleSystemsFor(unit).map((system) => ({
      system,
      story: storyOf(system, unit, loaded(batchOf.get(unit.batchNumber), 'batch', unit.batchNumber)),
    })),
  );
  await db.transaction(async (tx) => {
    await tx.insert(schema.batches).values(batchRows);
    await insertAll((rows) => tx.insert(schema.units).values(rows), units);
    await insertAll(
      (rows) => tx.insert(schema.informationSystems).values(rows),
      systems.map(({ system, story }) => ({ ...system, stage: story.stage, version: story.version })),
    );
    await insertAll(
      (rows) => tx.insert(schema.stageTransitions).values(rows),
      systems.flatMap(({ story }) => story.transitions),
    );
    await insertAll(
      (rows) => tx.insert(schema.assessments).values(rows),
      systems.flatMap(({ story }) => (story.assessment ? [story.assessment] : [])),
    );
    await insertAll(
      (rows) => tx.insert(schema.vendorSelections).values(rows),
      systems.flatMap(({ story }) => (story.selection ? [story.selection] : [])),
    );
    await insertAll(
      (rows) => tx.insert(schema.migrationPlans).values(rows),
      systems.flatMap(({ story }) => (story.plan ? [story.plan] : [])),
    );
    for (const { request, decision } of extensionRows().filter((e) => unitsById.has(e.request.unitId))) {
      const row = onlyRow(await tx.insert(schema.extensionRequests).values(request).returning());
      if (decision) await tx.insert(schema.extensionDecisions).values({ ...decision, requestId: row.id });
    }
    await insertAll((rows) => tx.insert(schema.budgetLines).values(rows), budgetRows(unitsById));
    await tx.insert(schema.liaisons).values(liaisonRows.filter((l) => !l.unitId || unitsById.has(l.unitId)));
    const systemIds = new Set(systems.map(({ system }) => system.id));
    const dependencies = dependencyRows.filter((d) => systemIds.has(d.systemId) && systemIds.has(d.dependsOnId));
    if (dependencies.length) await tx.insert(schema.systemDependencies).values(dependencies);
  });
}
