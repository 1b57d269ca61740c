import { type Database, isEmpty, onlyRow } from '@cq/kit/database';
import { unitsStory } from '@cq/story/units';
import * as schema from '../data/schema.ts';
import { batchRows } from './registry.ts';

export { batchRows, seedUnits } from './registry.ts';

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

/** Inserts in slices: one statement per slice keeps every insert under the drivers' parameter limits. */
async function insertAll<T extends Record<string, unknown>>(insert: (rows: T[]) => Promise<unknown>, rows: T[], size = 500) {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

/**
 * Fills a fresh units database with units, systems and their dated history, as the programme's one story
 * tells it (`@cq/story`, shared with the other subgraphs' seeds); does nothing otherwise. Other units than
 * the programme's (the scale tests' generated ones) get a story of their own, told the same way.
 */
export async function seed(db: Database<typeof schema>, units?: schema.UnitRow[]): Promise<void> {
  if (!(await isEmpty(db, 'batches'))) return;
  const story = unitsStory(units);
  const { systems } = story;
  const unitsById = new Map(story.units.map((u) => [u.id, u]));
  await db.transaction(async (tx) => {
    await tx.insert(schema.batches).values(batchRows);
    await insertAll((rows) => tx.insert(schema.units).values(rows), story.units);
    await insertAll(
      (rows) => tx.insert(schema.informationSystems).values(rows),
      systems.map(({ system, story }) => ({ ...system, hosting: story.hosting, stage: story.stage, version: story.version })),
    );
    // The hosting each centralisation and integration changed, as markCentralised and markIntegrated record it.
    await insertAll(
      (rows) => tx.insert(schema.corrections).values(rows),
      systems.flatMap(({ system, story }) =>
        story.hostingChanges.map((c) => ({
          unitId: null,
          systemId: system.id,
          field: 'HOSTING' as const,
          before: c.before,
          after: c.after,
          reason: c.reason,
          derived: true,
          at: c.at,
          actor: c.actor,
          role: 'unit-officer',
        })),
      ),
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
    for (const { request, decision } of story.extensions) {
      const row = onlyRow(await tx.insert(schema.extensionRequests).values(request).returning());
      if (decision) await tx.insert(schema.extensionDecisions).values({ ...decision, requestId: row.id });
    }
    await insertAll((rows) => tx.insert(schema.budgetLines).values(rows), story.budgetLines);
    await tx.insert(schema.liaisons).values(liaisonRows.filter((l) => !l.unitId || unitsById.has(l.unitId)));
    if (story.dependencies.length) await tx.insert(schema.systemDependencies).values(story.dependencies);
  });
}
