/**
 * An independent reading of the seed's story, in plain TypeScript: the stage, due date and overdue state
 * of every seeded system at a moment. Tests compare the subgraph's SQL answers with it.
 */
import { endOfDay } from '@cq/kit/time';
import { extensionStories, programmeStory } from '@cq/story';
import { batchRows, seedUnits } from '../src/seed/index.ts';

const units = seedUnits();
const batches = new Map(batchRows.map((b) => [b.number, b]));

/** The seeded batch with this number; the seed gives every unit one. */
function batchOf(number: number) {
  const batch = batches.get(number);
  if (!batch) throw new Error(`No batch ${number} in the seed.`);
  return batch;
}

const unitsById = new Map(units.map((u) => [u.id, u]));

/** Central agencies and SOEs, and every unit below one of them, are only encouraged to migrate (§1): no due date. */
function encouragedOnly(unit: (typeof units)[number]): boolean {
  for (let u: typeof unit | undefined = unit; u; u = u.parentId ? unitsById.get(u.parentId) : undefined) {
    if (u.kind === 'CENTRAL_AGENCY' || u.kind === 'CENTRAL_SOE') return true;
  }
  return false;
}

/** The seeded systems with their story (`@cq/story`, the one the seed writes). */
export const seededSystems = programmeStory().systems;

export function systemAt(systemId: string, at: Date) {
  const seeded = seededSystems.find((s) => s.system.id === systemId);
  if (!seeded) throw new Error(`No system ${systemId} in the seed.`);
  const { system, unit, story } = seeded;
  const stage = story.transitions.filter((t) => t.at <= at).at(-1)?.toStage ?? null;
  const extension = extensionStories.find(
    (e) => e.unitId === unit.id && e.decided?.approved && new Date(`${e.decided.on}T16:00:00+08:00`) <= at,
  );
  const dueDate = encouragedOnly(unit) ? null : (extension?.newDueDate ?? batchOf(unit.batchNumber).windowEnd);
  const exempt = system.classification === 'CLASSIFIED';
  const centralised = stage === 'CENTRALISED' || stage === 'INTEGRATED';
  return {
    unit,
    exempt,
    stage,
    dueDate,
    // A retired system has ended its migration too: never overdue.
    overdue: !exempt && stage !== null && !centralised && stage !== 'RETIRED' && dueDate !== null && at >= endOfDay(dueDate),
  };
}

/** Figures per batch at a moment, as the progress report should give them. */
export function batchFiguresAt(at: Date) {
  return batchRows.map(({ number }) => {
    const states = seededSystems.filter((s) => s.unit.batchNumber === number).map((s) => systemAt(s.system.id, at));
    const inScope = states.filter((s) => !s.exempt && s.stage);
    const centralised = inScope.filter((s) => s.stage === 'CENTRALISED' || s.stage === 'INTEGRATED').length;
    return {
      batch: number,
      systemCount: states.filter((s) => s.stage).length,
      centralisedCount: centralised,
      integratedCount: inScope.filter((s) => s.stage === 'INTEGRATED').length,
      overdueCount: states.filter((s) => s.overdue).length,
    };
  });
}
